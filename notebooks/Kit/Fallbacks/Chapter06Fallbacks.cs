using DeepLearning.NN;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>
/// Chapter 6's stand-ins: the engine's im2col, convolution and pooling, its autograd for the backwards, and a short power
/// iteration for the principal components.
/// </summary>
public static class Chapter06Fallbacks
{
    [FallbackFor("6.3", "the engine's Tensor.Im2Col")]
    public static Tensor Im2Col(Tensor images, int kernelSize, int stride, int padding) =>
        images.Im2Col(kernelSize, kernelSize, stride, padding);

    [FallbackFor("6.4", "the engine's Conv2d layer")]
    public static Tensor Conv2dForward(Tensor images, Tensor weight, Tensor? bias, int stride, int padding)
    {
        var layer = new Conv2d(weight.Size(1), weight.Size(0), weight.Size(2), new Generator(seed: 0), stride, padding, bias: bias is not null);
        using (Autograd.NoGrad())
        {
            layer.Weight.CopyFrom(weight);
            layer.Bias?.CopyFrom(bias!);
            return layer.Forward(images);
        }
    }

    [FallbackFor("6.5", "the engine's Tensor.MaxPool2d")]
    public static Tensor MaxPool2d(Tensor images, int kernelSize, int stride) => images.MaxPool2d(kernelSize, stride);

    [FallbackFor("6.6", "the engine's autograd through MaxPool2d")]
    public static Tensor MaxPool2dBackward(Tensor images, Tensor outputGrad, int kernelSize, int stride)
    {
        var x = images.Detach().RequireGrad();
        x.MaxPool2d(kernelSize, stride).Backward(outputGrad);
        return x.Grad!;
    }

    [FallbackFor("6.7", "the engine's autograd through Tensor.Im2Col")]
    public static Tensor Col2Im(Tensor columns, int[] imageShape, int kernelSize, int stride, int padding)
    {
        var images = Tensor.Zeros(imageShape).RequireGrad();
        images.Im2Col(kernelSize, kernelSize, stride, padding).Backward(columns);
        return images.Grad!;
    }

    [FallbackFor("6.8", "a short power iteration with deflation, on the engine's tensors")]
    public static Tensor PrincipalComponents(Tensor data, int count)
    {
        using var _ = Autograd.NoGrad();
        var centred = data - data.Mean(0, keepDims: true);
        var covariance = centred.T.MatMul(centred) / (data.Size(0) - 1);
        var components = Tensor.Zeros(count, data.Size(1));
        for (var k = 0; k < count; k++)
        {
            var v = Tensor.Ones(data.Size(1), 1);
            for (var iteration = 0; iteration < 300; iteration++)
            {
                var next = covariance.MatMul(v);
                v = next / next.Pow(2).Sum().Sqrt();
            }
            components.Slice(0, k, k + 1).CopyFrom(v.Reshape(1, data.Size(1)));
            covariance = covariance - v.MatMul(v.T) * v.T.MatMul(covariance).MatMul(v);   // C ← C - λvvᵀ, λ = vᵀCv
        }
        return components;
    }
}

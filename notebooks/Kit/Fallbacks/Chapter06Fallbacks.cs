using DeepLearning.NN;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 6's stand-ins: the engine's im2col, convolution and pooling, and its autograd for the backward.</summary>
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
}

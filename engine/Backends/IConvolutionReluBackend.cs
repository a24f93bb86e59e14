namespace DeepLearning.Backends;

/// <summary>
/// A convolution backend that also computes a convolution followed by ReLU (and max pooling, if asked) as one op
/// (<see cref="Tensor.Conv2dRelu"/>, <see cref="Tensor.Conv2dReluMaxPool2d"/>): the ReLU and the pooling are applied
/// to each image's output while the convolution has it in the cache, and in the backward each image's upstream
/// gradient is routed back through them just before the convolution's backward reads it. Separate ops would read
/// and write the whole batch of activations once more each, in each direction (in the Fashion-MNIST CNN, 12.8 MB
/// after the first convolution, every step), and the pooled op never stores the convolution's full-size output.
/// </summary>
/// <remarks>The results are those of <see cref="IConvolutionBackend.Convolve"/> followed by the ReLU and max-pooling ops.</remarks>
public interface IConvolutionReluBackend : IConvolutionBackend
{
    /// <summary>
    /// output = max(0, W ⋆ images (+ bias per output channel)), or with <paramref name="pool"/> the max pooling of
    /// that, with each window's winner recorded. Overwrites the output.
    /// </summary>
    void ConvolveRelu(
        float[] images, float[] weight, float[]? bias, float[] output, ConvolutionGeometry geometry, int outChannels, MaxPoolingAfterConvolution? pool);

    /// <summary>
    /// From <paramref name="output"/> (what <see cref="ConvolveRelu"/> wrote) and dL/d(output): the gradients of
    /// <see cref="IConvolutionBackend.ConvolveBackward"/> for the gradient of the convolution's own output, which is
    /// dL/d(output) routed back through the pooling (if any) and the ReLU.
    /// </summary>
    void ConvolveReluBackward(
        float[] images, float[] weight, float[] output, float[] outputGrad, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad,
        ConvolutionGeometry geometry, int outChannels, MaxPoolingAfterConvolution? pool);
}

/// <summary>
/// Max pooling inside a convolution op: its geometry (over the convolution's output, one image at a time: the
/// winners are positions within an image's output) and the array its winners are written to and read from.
/// </summary>
public sealed record MaxPoolingAfterConvolution(ConvolutionGeometry Geometry, int[] Winners);

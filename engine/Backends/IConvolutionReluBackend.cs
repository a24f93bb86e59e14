namespace DeepLearning.Backends;

/// <summary>
/// A convolution backend that also computes a convolution followed by ReLU as one op (<see cref="Tensor.Conv2dRelu"/>):
/// the ReLU is applied to each image's output while the convolution writes it, and in the backward each image's
/// upstream gradient is masked where that output is positive just before the convolution's backward reads it. A
/// separate ReLU op would instead read and write the whole batch of activations once more in each direction (in
/// the Fashion-MNIST CNN, 12.8 MB after the first convolution, for every step).
/// </summary>
/// <remarks>The results are those of <see cref="IConvolutionBackend.Convolve"/> followed by the ReLU op, bit for bit.</remarks>
public interface IConvolutionReluBackend : IConvolutionBackend
{
    /// <summary>output = max(0, W ⋆ images (+ bias per output channel)). Overwrites the output.</summary>
    void ConvolveRelu(float[] images, float[] weight, float[]? bias, float[] output, ConvolutionGeometry geometry, int outChannels);

    /// <summary>
    /// From <paramref name="output"/> (what <see cref="ConvolveRelu"/> wrote) and dL/d(output): the gradients of
    /// <see cref="IConvolutionBackend.ConvolveBackward"/> for the upstream gradient dL/d(output) where the output
    /// is positive and 0 elsewhere (the ReLU's backward).
    /// </summary>
    void ConvolveReluBackward(
        float[] images, float[] weight, float[] output, float[] outputGrad, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad,
        ConvolutionGeometry geometry, int outChannels);
}

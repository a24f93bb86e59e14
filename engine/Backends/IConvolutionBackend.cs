namespace DeepLearning.Backends;

/// <summary>
/// A backend that computes a whole convolution itself (forward and backward) instead of through the batch's
/// im2col columns and one matrix product: the fast CPU backend, which unfolds one image at a time, and the GPU
/// backend, which never unfolds (implicit matrix products). Backends without it run
/// <see cref="Tensor.Conv2dByIm2Col"/>, the readable definition.
/// </summary>
/// <remarks>
/// Images (N, C, H, W), weight (O, C, kh, kw) and output (N, O, outH, outW) are row-major arrays; the geometry
/// has been checked by the op.
/// </remarks>
public interface IConvolutionBackend
{
    /// <summary>output = W ⋆ images (+ bias per output channel). Overwrites the output.</summary>
    void Convolve(float[] images, float[] weight, float[]? bias, float[] output, ConvolutionGeometry geometry, int outChannels);

    /// <summary>
    /// From dL/d(output): overwrites dL/dW, and dL/db and dL/d(images) where they are not null (an input that
    /// needs no gradient, a convolution without bias).
    /// </summary>
    void ConvolveBackward(
        float[] images, float[] weight, float[] outputGrad, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad,
        ConvolutionGeometry geometry, int outChannels);
}

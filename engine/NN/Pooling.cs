namespace DeepLearning.NN;

/// <summary>
/// Average pooling over windows of each channel separately, composed from primitives: each channel becomes
/// its own one-channel image, im2col lays each window out as a column, and a mean over the window axis gives
/// the output. (N, C, H, W) → (N, C, outH, outW). Padding counts as zeros (PyTorch's count_include_pad).
/// </summary>
/// <remarks>Not taught in the course; max pooling (below) is.</remarks>
public sealed class AvgPool2d(int kernelSize, int? stride = null, int padding = 0) : Module
{
    public int KernelSize { get; } = kernelSize;

    public int Stride { get; } = stride ?? kernelSize;

    public int Padding { get; } = padding;

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4)
        {
            throw new ArgumentException($"{GetType().Name}: expects input of shape (N, C, H, W), got {input.ShapeText}");
        }
        int n = input.Size(0), c = input.Size(1), h = input.Size(2), w = input.Size(3);
        var windows = input.Reshape(n * c, 1, h, w).Im2Col(KernelSize, KernelSize, Stride, Padding);
        var outHeight = (h + 2 * Padding - KernelSize) / Stride + 1;
        var outWidth = (w + 2 * Padding - KernelSize) / Stride + 1;
        return windows.Mean(1).Reshape(n, c, outHeight, outWidth);
    }

    public override string ToString() => $"{GetType().Name}(kernel {KernelSize}, stride {Stride})";
}

/// <summary>
/// The largest value in each window, through the primitive <see cref="Tensor.MaxPool2d"/> (no padding).
/// Composed as im2col and a max over each window it would give the same values; the primitive only records
/// where each maximum came from instead of keeping every window for the backward.
/// </summary>
/// <remarks>Taught in chapter 6, section 6.3 (notebooks/06-convolutional-networks.ipynb), tasks 6.5 and 6.6.</remarks>
public sealed class MaxPool2d(int kernelSize, int? stride = null) : Module
{
    public int KernelSize { get; } = kernelSize;

    public int Stride { get; } = stride ?? kernelSize;

    public override Tensor Forward(Tensor input) => input.MaxPool2d(KernelSize, Stride);

    public override string ToString() => $"MaxPool2d(kernel {KernelSize}, stride {Stride})";
}

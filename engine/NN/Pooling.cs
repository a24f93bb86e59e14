namespace DeepLearning.NN;

/// <summary>
/// Pooling over non-overlapping (or strided) windows of each channel separately. Both are composed: each
/// channel becomes its own one-channel image, im2col lays each window out as a column, and a reduction over
/// the window axis (max or mean) gives the output. (N, C, H, W) → (N, C, outH, outW).
/// </summary>
public abstract class Pool2d(int kernelSize, int? stride, int padding) : Module
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
        return Reduce(windows).Reshape(n, c, outHeight, outWidth);
    }

    /// <summary>Reduces (N·C, k·k, L) windows over axis 1.</summary>
    protected abstract Tensor Reduce(Tensor windows);

    public override string ToString() => $"{GetType().Name}(kernel {KernelSize}, stride {Stride})";
}

/// <summary>The largest value in each window. No padding: im2col pads with zeros, which a max would see.</summary>
public sealed class MaxPool2d(int kernelSize, int? stride = null) : Pool2d(kernelSize, stride, padding: 0)
{
    protected override Tensor Reduce(Tensor windows) => windows.Max(1);
}

/// <summary>The mean of each window (padding counts as zeros, as PyTorch's default count_include_pad).</summary>
public sealed class AvgPool2d(int kernelSize, int? stride = null, int padding = 0) : Pool2d(kernelSize, stride, padding)
{
    protected override Tensor Reduce(Tensor windows) => windows.Mean(1);
}

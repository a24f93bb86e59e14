namespace DeepLearning;

/// <summary>The sizes of a sliding-window operation over (N, C, H, W) images, checked once.</summary>
/// <remarks>Taught in chapter 6, section 6.1 (notebooks/06-convolutional-networks.ipynb): out = ⌊(n + 2p - k) / s⌋ + 1.</remarks>
public sealed record ConvolutionGeometry(
    int Batch, int Channels, int Height, int Width, int KernelHeight, int KernelWidth, int Stride, int Padding,
    int OutHeight, int OutWidth)
{
    public int Rows => Channels * KernelHeight * KernelWidth;

    public int Length => OutHeight * OutWidth;

    public static ConvolutionGeometry Create(string op, ReadOnlySpan<int> shape, int kernelHeight, int kernelWidth, int stride, int padding)
    {
        if (shape.Length != 4)
        {
            throw new ArgumentException($"{op}: expects images of shape (N, C, H, W), got {Shapes.Format(shape)}");
        }
        if (kernelHeight <= 0 || kernelWidth <= 0 || stride <= 0 || padding < 0)
        {
            throw new ArgumentException($"{op}: kernel {kernelHeight}x{kernelWidth}, stride {stride} and padding {padding} must be positive (padding may be 0)");
        }
        var outHeight = (shape[2] + 2 * padding - kernelHeight) / stride + 1;
        var outWidth = (shape[3] + 2 * padding - kernelWidth) / stride + 1;
        if (shape[2] + 2 * padding < kernelHeight || shape[3] + 2 * padding < kernelWidth)
        {
            throw new ArgumentException(
                $"{op}: a {kernelHeight}x{kernelWidth} kernel does not fit images of shape {Shapes.Format(shape)} with padding {padding}");
        }
        return new ConvolutionGeometry(shape[0], shape[1], shape[2], shape[3], kernelHeight, kernelWidth, stride, padding, outHeight, outWidth);
    }

    /// <summary>
    /// Calls <paramref name="tap"/>(image index, column index) for every window tap that lies inside the
    /// image: the index arithmetic of im2col, written once, plainly.
    /// </summary>
    public void ForEachTap(Action<int, int> tap)
    {
        for (var n = 0; n < Batch; n++)
        {
            for (var c = 0; c < Channels; c++)
            {
                for (var i = 0; i < KernelHeight; i++)
                {
                    for (var j = 0; j < KernelWidth; j++)
                    {
                        var row = (c * KernelHeight + i) * KernelWidth + j;
                        var columnBase = (n * Rows + row) * Length;
                        for (var oy = 0; oy < OutHeight; oy++)
                        {
                            var y = oy * Stride - Padding + i;
                            if (y < 0 || y >= Height)
                            {
                                continue;
                            }
                            for (var ox = 0; ox < OutWidth; ox++)
                            {
                                var x = ox * Stride - Padding + j;
                                if (x >= 0 && x < Width)
                                {
                                    tap(((n * Channels + c) * Height + y) * Width + x, columnBase + oy * OutWidth + ox);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

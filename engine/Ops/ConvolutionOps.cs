namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>
    /// Unfolds every sliding window of an image batch into a column ("im2col"), so that a convolution becomes
    /// one matrix product. Input (N, C, H, W) → output (N, C·kh·kw, L), L = outH·outW, with
    /// outH = ⌊(H + 2·padding - kh) / stride⌋ + 1 (likewise outW). Row c·kh·kw + i·kw + j of column
    /// oy·outW + ox holds x[n, c, oy·stride - padding + i, ox·stride - padding + j], or 0 in the padding.
    /// </summary>
    /// <remarks>
    /// The backward ("col2im") adds each column entry's gradient back to the pixel it was read from; a pixel
    /// read by several overlapping windows collects all of their gradients.
    /// </remarks>
    public Tensor Im2Col(int kernelHeight, int kernelWidth, int stride = 1, int padding = 0)
    {
        var geometry = ConvolutionGeometry.Create("im2col", _shape, kernelHeight, kernelWidth, stride, padding);
        var source = ReadContiguous();
        var columns = new float[geometry.Batch * geometry.Rows * geometry.Length];
        geometry.ForEachTap((sourceIndex, columnIndex) => columns[columnIndex] = source[sourceIndex]);
        var result = new Tensor(columns, [geometry.Batch, geometry.Rows, geometry.Length]);
        return Record(result, "im2col", [this], g =>
        {
            var upstream = g.ReadContiguous();
            var grad = new float[ElementCount];
            geometry.ForEachTap((sourceIndex, columnIndex) => grad[sourceIndex] += upstream[columnIndex]);
            return [new Tensor(grad, Shape)];
        });
    }
}

/// <summary>The sizes of a sliding-window operation over (N, C, H, W) images, checked once.</summary>
internal sealed record ConvolutionGeometry(
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

    /// <summary>Calls <paramref name="tap"/>(image index, column index) for every window tap that lies inside the image.</summary>
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

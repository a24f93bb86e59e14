using ILGPU;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>The sizes of <see cref="ConvolutionGeometry"/> as a plain value, to pass to a kernel.</summary>
public struct ImageGeometry
{
    public int Batch, Channels, Height, Width, KernelHeight, KernelWidth, Stride, Padding, OutHeight, OutWidth;

    public ImageGeometry(ConvolutionGeometry g)
    {
        (Batch, Channels, Height, Width) = (g.Batch, g.Channels, g.Height, g.Width);
        (KernelHeight, KernelWidth, Stride, Padding) = (g.KernelHeight, g.KernelWidth, g.Stride, g.Padding);
        (OutHeight, OutWidth) = (g.OutHeight, g.OutWidth);
    }

    /// <summary>Rows of the unfolded matrix of one image: C·kh·kw.</summary>
    public readonly int Rows => Channels * KernelHeight * KernelWidth;

    /// <summary>Columns of the unfolded matrix of one image: outH·outW window positions.</summary>
    public readonly int Length => OutHeight * OutWidth;

    /// <summary>
    /// Entry (<paramref name="row"/>, <paramref name="position"/>) of image <paramref name="n"/>'s unfolded matrix:
    /// images[n, c, oy·S - P + i, ox·S - P + j] for row (c, i, j) and position (oy, ox), or 0 in the padding.
    /// </summary>
    public readonly float Unfolded(ArrayView<float> images, int n, int row, int position)
    {
        var c = row / (KernelHeight * KernelWidth);
        var i = row / KernelWidth % KernelHeight;
        var j = row % KernelWidth;
        var y = position / OutWidth * Stride - Padding + i;
        var x = position % OutWidth * Stride - Padding + j;
        return y >= 0 && y < Height && x >= 0 && x < Width ? images[((n * Channels + c) * Height + y) * Width + x] : 0f;
    }

    /// <summary>
    /// The first window (along one axis, without padding) that contains image row or column
    /// <paramref name="y"/>: window o covers o·S ... o·S + kernel - 1.
    /// </summary>
    public readonly int FirstWindowOver(int y, int kernel)
    {
        var reach = y - kernel + 1;
        return reach <= 0 ? 0 : (reach + Stride - 1) / Stride;
    }

    /// <summary>The last window (without padding) that contains <paramref name="y"/>, clamped to <paramref name="outSize"/>.</summary>
    public readonly int LastWindowOver(int y, int outSize)
    {
        var last = y / Stride;
        return last < outSize - 1 ? last : outSize - 1;
    }
}

/// <summary>
/// Convolution by unfolding (im2col and its adjoint) and max pooling over (N, C, H, W) images, one thread an
/// output element. The adjoints (col2im, the pooling backward) are written as gathers: each thread computes
/// one element of the result from every entry that lands on it, in the reference's order, so that no two
/// threads write one address (no atomics) and the sums round exactly as the reference's.
/// </summary>
public static class ImageKernels
{
    /// <summary>columns[n, (c, i, j), (oy, ox)] = images[n, c, oy·S - P + i, ox·S - P + j], or 0 in the padding.</summary>
    public static void Im2Col(ArrayView<float> images, ArrayView<float> columns, ImageGeometry g)
    {
        var count = g.Batch * g.Rows * g.Length;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            columns[e] = g.Unfolded(images, e / (g.Length * g.Rows), e / g.Length % g.Rows, e % g.Length);
        }
    }

    /// <summary>images[p] = Σ of the column entries read from pixel p (overwritten), one thread a pixel.</summary>
    public static void Col2Im(ArrayView<float> columns, ArrayView<float> images, ImageGeometry g)
    {
        var count = g.Batch * g.Channels * g.Height * g.Width;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            var x = e % g.Width;
            var y = e / g.Width % g.Height;
            var c = e / (g.Width * g.Height) % g.Channels;
            var n = e / (g.Width * g.Height * g.Channels);
            var sum = 0f;
            for (var i = 0; i < g.KernelHeight; i++)
            {
                var top = y + g.Padding - i;
                if (top < 0 || top % g.Stride != 0 || top / g.Stride >= g.OutHeight)
                {
                    continue;
                }
                for (var j = 0; j < g.KernelWidth; j++)
                {
                    var left = x + g.Padding - j;
                    if (left < 0 || left % g.Stride != 0 || left / g.Stride >= g.OutWidth)
                    {
                        continue;
                    }
                    var row = (c * g.KernelHeight + i) * g.KernelWidth + j;
                    sum += columns[(n * g.Rows + row) * g.Length + top / g.Stride * g.OutWidth + left / g.Stride];
                }
            }
            images[e] = sum;
        }
    }

    /// <summary>
    /// output[w] = max of window w (no padding), winners[w] = its index in the images: the first maximum in
    /// row-major window order, or the last NaN.
    /// </summary>
    public static void MaxPool(ArrayView<float> images, ArrayView<float> output, ArrayView<int> winners, ImageGeometry g)
    {
        var count = g.Batch * g.Channels * g.Length;
        for (var w = Grid.GlobalIndex.X; w < count; w += Grid.DimX * Group.DimX)
        {
            var ox = w % g.OutWidth;
            var oy = w / g.OutWidth % g.OutHeight;
            var plane = w / g.Length;
            var best = -1;
            var bestValue = 0f;
            for (var i = 0; i < g.KernelHeight; i++)
            {
                for (var j = 0; j < g.KernelWidth; j++)
                {
                    var index = (plane * g.Height + oy * g.Stride + i) * g.Width + ox * g.Stride + j;
                    var value = images[index];
                    if (best < 0 || value > bestValue || float.IsNaN(value))
                    {
                        best = index;
                        bestValue = value;
                    }
                }
            }
            output[w] = bestValue;
            winners[w] = best;
        }
    }

    /// <summary>
    /// gradient[p] = Σ upstream[w] over the windows w whose winner is pixel p (overlapping windows may share
    /// one), one thread a pixel.
    /// </summary>
    public static void MaxPoolBackward(ArrayView<float> upstream, ArrayView<int> winners, ArrayView<float> gradient, ImageGeometry g)
    {
        var count = g.Batch * g.Channels * g.Height * g.Width;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            var x = e % g.Width;
            var y = e / g.Width % g.Height;
            var plane = e / (g.Width * g.Height);
            var lastRow = g.LastWindowOver(y, g.OutHeight);
            var lastColumn = g.LastWindowOver(x, g.OutWidth);
            var sum = 0f;
            for (var oy = g.FirstWindowOver(y, g.KernelHeight); oy <= lastRow; oy++)
            {
                for (var ox = g.FirstWindowOver(x, g.KernelWidth); ox <= lastColumn; ox++)
                {
                    var w = (plane * g.OutHeight + oy) * g.OutWidth + ox;
                    if (winners[w] == e)
                    {
                        sum += upstream[w];
                    }
                }
            }
            gradient[e] = sum;
        }
    }
}

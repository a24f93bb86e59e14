using System.Numerics.Tensors;

namespace DeepLearning.Backends.Fast;

/// <summary>
/// im2col and col2im as block copies. With stride 1, the taps of one kernel offset (i, j) along an output row
/// read a contiguous run of an image row, so each run is one block copy (im2col) or one vector addition
/// (col2im); what lies outside the run is padding. Images are split across threads: a run never crosses images,
/// so col2im's additions never race.
/// </summary>
internal static class Im2ColRuns
{
    /// <remarks>Every column element is written exactly once (a tap or a padding zero), so the columns need no clearing first.</remarks>
    public static void Unfold(float[] images, float[] columns, ConvolutionGeometry g, ParallelOptions options) =>
        Parallel.For(0, g.Batch, options, n => UnfoldImage(images, n, columns.AsSpan(n * g.Rows * g.Length, g.Rows * g.Length), g));

    /// <summary>im2col of image <paramref name="n"/> alone, into its (C·kh·kw) × (outH·outW) block of columns.</summary>
    public static void UnfoldImage(float[] images, int n, Span<float> columns, ConvolutionGeometry g)
    {
        if (g.Stride == 1 && g.OutHeight == g.Height && g.OutWidth == g.Width)
        {
            UnfoldSamePadding(images, columns, g, n);
            return;
        }
        for (var tap = 0; tap < g.Rows; tap++)
        {
            var (c, i, j) = (tap / (g.KernelHeight * g.KernelWidth), tap / g.KernelWidth % g.KernelHeight, tap % g.KernelWidth);
            var (firstX, lastX) = ColumnsInside(g, j);
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                var output = columns.Slice(tap * g.Length + oy * g.OutWidth, g.OutWidth);
                var y = oy * g.Stride - g.Padding + i;
                if (y < 0 || y >= g.Height)
                {
                    output.Clear();
                    continue;
                }
                output[..firstX].Clear();
                output[lastX..].Clear();
                // Image element of output column ox: row y, x = ox·stride - padding + j.
                var imageRow = ((n * g.Channels + c) * g.Height + y) * g.Width - g.Padding + j;
                if (g.Stride == 1)
                {
                    images.AsSpan(imageRow + firstX, lastX - firstX).CopyTo(output[firstX..lastX]);
                    continue;
                }
                for (var ox = firstX; ox < lastX; ox++)
                {
                    output[ox] = images[imageRow + ox * g.Stride];
                }
            }
        }
    }

    /// <summary>
    /// im2col for stride 1 and "same" padding (output as big as the image), one block copy per tap: the column
    /// block of tap (c, i, j) is the image plane shifted by d = (i - padding)·W + (j - padding), so element k reads
    /// plane element k + d. What falls outside the plane is zero, and so are the elements whose x + (j - padding)
    /// left the row (the shift would wrap them into the neighbouring row).
    /// </summary>
    private static void UnfoldSamePadding(float[] images, Span<float> columns, ConvolutionGeometry g, int n)
    {
        var plane = g.Height * g.Width;
        for (var tap = 0; tap < g.Rows; tap++)
        {
            var (c, i, j) = (tap / (g.KernelHeight * g.KernelWidth), tap / g.KernelWidth % g.KernelHeight, tap % g.KernelWidth);
            var (rowShift, columnShift) = (i - g.Padding, j - g.Padding);
            var shift = rowShift * g.Width + columnShift;
            var output = columns.Slice(tap * plane, plane);
            var (first, last) = (Math.Clamp(-shift, 0, plane), Math.Clamp(plane - shift, 0, plane));
            output[..first].Clear();
            output[last..].Clear();
            if (first == last)
            {
                // The tap lies wholly in the padding (an image no taller or wider than the padding): the source
                // position plane + shift may lie outside the images array, so there is nothing to copy from.
                continue;
            }
            images.AsSpan((n * g.Channels + c) * plane + first + shift, last - first).CopyTo(output[first..last]);
            // Columns x with x + columnShift outside 0..W-1: the first -columnShift or the last columnShift of each row.
            var (wrapStart, wrapCount) = columnShift < 0 ? (0, -columnShift) : (g.Width - columnShift, columnShift);
            for (var row = 0; row < g.Height && wrapCount > 0; row++)
            {
                output.Slice(row * g.Width + wrapStart, wrapCount).Clear();
            }
        }
    }

    public static void Fold(float[] columns, float[] images, ConvolutionGeometry g, ParallelOptions options) =>
        Parallel.For(0, g.Batch, options, n => FoldImage(columns.AsSpan(n * g.Rows * g.Length, g.Rows * g.Length), images, n, g));

    /// <summary>col2im of image <paramref name="n"/> alone, from its block of columns; overwrites the image.</summary>
    public static void FoldImage(ReadOnlySpan<float> columns, float[] images, int n, ConvolutionGeometry g)
    {
        var imageSize = g.Channels * g.Height * g.Width;
        Array.Clear(images, n * imageSize, imageSize);
        for (var tap = 0; tap < g.Rows; tap++)
        {
            var (c, i, j) = (tap / (g.KernelHeight * g.KernelWidth), tap / g.KernelWidth % g.KernelHeight, tap % g.KernelWidth);
            var (firstX, lastX) = ColumnsInside(g, j);
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                var y = oy * g.Stride - g.Padding + i;
                if (y < 0 || y >= g.Height || firstX == lastX)
                {
                    continue;
                }
                var column = tap * g.Length + oy * g.OutWidth;
                var imageRow = ((n * g.Channels + c) * g.Height + y) * g.Width - g.Padding + j;
                if (g.Stride == 1)
                {
                    var target = images.AsSpan(imageRow + firstX, lastX - firstX);
                    TensorPrimitives.Add(target, columns.Slice(column + firstX, lastX - firstX), target);
                    continue;
                }
                for (var ox = firstX; ox < lastX; ox++)
                {
                    images[imageRow + ox * g.Stride] += columns[column + ox];
                }
            }
        }
    }

    /// <summary>The output columns firstX..lastX-1 whose tap x = ox·stride - padding + j lies inside the image (0..W-1).</summary>
    private static (int FirstX, int LastX) ColumnsInside(ConvolutionGeometry g, int j)
    {
        var firstX = Math.Min(g.OutWidth, Math.Max(0, (g.Padding - j + g.Stride - 1) / g.Stride));
        var lastX = Math.Max(firstX, Math.Min(g.OutWidth, (g.Width + g.Padding - j + g.Stride - 1) / g.Stride));
        return (firstX, lastX);
    }
}

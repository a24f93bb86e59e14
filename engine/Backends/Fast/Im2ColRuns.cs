using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        if (IsSamePadding(g))
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
            var (c, shift, columnShift, first, last) = ShiftOfTap(g, tap);
            var output = columns.Slice(tap * plane, plane);
            output[..first].Clear();
            output[last..].Clear();
            if (first == last)
            {
                // The tap lies wholly in the padding (an image no taller or wider than the padding): the source
                // position plane + shift may lie outside the images array, so there is nothing to copy from.
                continue;
            }
            images.AsSpan((n * g.Channels + c) * plane + first + shift, last - first).CopyTo(output[first..last]);
            ZeroWrappedColumns(output, g, columnShift);
        }
    }

    /// <summary>Stride 1 and "same" padding: the output is as big as the image, so each tap's block is a shifted image plane.</summary>
    private static bool IsSamePadding(ConvolutionGeometry g) => g.Stride == 1 && g.OutHeight == g.Height && g.OutWidth == g.Width;

    /// <summary>
    /// Tap (c, i, j) of a same-padding convolution as a shift of plane c: d = (i - padding)·W + (j - padding), the
    /// column shift j - padding, and the elements first..last-1 of the tap's block whose source k + d lies in the plane.
    /// </summary>
    private static (int Channel, int Shift, int ColumnShift, int First, int Last) ShiftOfTap(ConvolutionGeometry g, int tap)
    {
        var (c, i, j) = (tap / (g.KernelHeight * g.KernelWidth), tap / g.KernelWidth % g.KernelHeight, tap % g.KernelWidth);
        var (rowShift, columnShift) = (i - g.Padding, j - g.Padding);
        var (plane, shift) = (g.Height * g.Width, rowShift * g.Width + columnShift);
        return (c, shift, columnShift, Math.Clamp(-shift, 0, plane), Math.Clamp(plane - shift, 0, plane));
    }

    /// <summary>
    /// Zeros the elements of a tap's column block (one per output pixel of a same-padding convolution) whose x +
    /// columnShift leaves the row 0..W-1: the first -columnShift or the last columnShift of each row. One store each
    /// (a 3×3 kernel wraps one column a row; a Clear call per row cost more than the stores).
    /// </summary>
    private static void ZeroWrappedColumns(Span<float> block, ConvolutionGeometry g, int columnShift)
    {
        var wrapCount = Math.Min(Math.Abs(columnShift), g.Width);
        var wrapStart = columnShift < 0 ? 0 : g.Width - wrapCount;
        for (var row = 0; row < g.Height; row++)
        {
            for (var x = wrapStart; x < wrapStart + wrapCount; x++)
            {
                block[row * g.Width + x] = 0;
            }
        }
    }

    /// <summary>
    /// col2im of image <paramref name="n"/> for stride 1 and "same" padding, from columns that are the caller's own
    /// scratch: the mirror of <see cref="UnfoldSamePadding"/>, one shifted addition of a whole tap block per tap
    /// (instead of one a tap and output row), after zeroing the block's wrapped elements so that they add nothing.
    /// Overwrites the image.
    /// </summary>
    public static void FoldImageFromScratch(Span<float> columns, float[] images, int n, ConvolutionGeometry g)
    {
        if (!IsSamePadding(g))
        {
            FoldImage(columns, images, n, g);
            return;
        }
        var plane = g.Height * g.Width;
        Array.Clear(images, n * g.Channels * plane, g.Channels * plane);
        for (var tap = 0; tap < g.Rows; tap++)
        {
            var (c, shift, columnShift, first, last) = ShiftOfTap(g, tap);
            if (first == last)
            {
                continue;
            }
            var block = columns.Slice(tap * plane, plane);
            ZeroWrappedColumns(block, g, columnShift);
            AddRun(block[first..last], images.AsSpan((n * g.Channels + c) * plane + first + shift, last - first));
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
                    AddRun(columns.Slice(column + firstX, lastX - firstX), images.AsSpan(imageRow + firstX, lastX - firstX));
                    continue;
                }
                for (var ox = firstX; ox < lastX; ox++)
                {
                    images[imageRow + ox * g.Stride] += columns[column + ox];
                }
            }
        }
    }

    /// <summary>
    /// target += source for the short runs of col2im (an output row: 14 floats in the CNN's second convolution, 288
    /// taps × 14 rows an image): 8-float vector steps and a scalar tail, without the overlap checks and dispatch that
    /// a library call makes before each run, which cost as much as the additions.
    /// </summary>
    private static void AddRun(ReadOnlySpan<float> source, Span<float> target)
    {
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(target);
        var i = 0;
        for (; i + Vector256<float>.Count <= target.Length; i += Vector256<float>.Count)
        {
            (Vector256.LoadUnsafe(ref to, (nuint)i) + Vector256.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
        }
        for (; i < target.Length; i++)
        {
            target[i] += source[i];
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

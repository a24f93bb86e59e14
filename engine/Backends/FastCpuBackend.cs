using System.Numerics.Tensors;

namespace DeepLearning.Backends;

/// <summary>
/// The reference loops made fast in the two simplest ways: SIMD for the innermost loop (through
/// <see cref="TensorPrimitives"/>, which uses AVX2/FMA where the processor has it) and both cores through
/// <see cref="Parallel.For(int, int, Action{int})"/> over independent rows or images.
/// </summary>
public sealed class FastCpuBackend : IBackend
{
    /// <summary>Below this many multiply-adds a matrix product is not worth splitting across threads.</summary>
    private const long ParallelThreshold = 1 << 18;

    public string Name => "fast-cpu";

    /// <remarks>
    /// Row i of C is Σ_p A[i,p] · (row p of B): an "axpy" a row at a time, each a SIMD multiply-add over n
    /// floats. Rows of C are independent, so threads split them.
    /// </remarks>
    public void MatMul(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b, Memory<float> c, int m, int k, int n)
    {
        void Rows(int first, int last)
        {
            var aSpan = a.Span;
            var bSpan = b.Span;
            var cSpan = c.Span;
            for (var i = first; i < last; i++)
            {
                var cRow = cSpan.Slice(i * n, n);
                cRow.Clear();
                for (var p = 0; p < k; p++)
                {
                    TensorPrimitives.MultiplyAdd(bSpan.Slice(p * n, n), aSpan[i * k + p], cRow, cRow);
                }
            }
        }

        if ((long)m * n * k < ParallelThreshold || m < 2)
        {
            Rows(0, m);
            return;
        }
        var chunks = Math.Min(m, Environment.ProcessorCount * 4);
        Parallel.For(0, chunks, chunk => Rows(m * chunk / chunks, m * (chunk + 1) / chunks));
    }

    /// <remarks>
    /// With stride 1 the window taps of one kernel offset (i, j) along an output row read a contiguous run of
    /// an image row, so each run is one block copy; padding is what lies outside the run.
    /// </remarks>
    public void Im2Col(float[] images, float[] columns, ConvolutionGeometry geometry) =>
        ForEachRun(geometry, (image, column, count) => images.AsSpan(image, count).CopyTo(columns.AsSpan(column, count)),
            clearColumns: columns);

    public void Col2Im(float[] columns, float[] images, ConvolutionGeometry geometry) =>
        ForEachRun(geometry, (image, column, count) =>
        {
            var target = images.AsSpan(image, count);
            TensorPrimitives.Add(target, columns.AsSpan(column, count), target);
        }, clearColumns: null);

    /// <summary>
    /// Calls <paramref name="run"/>(image offset, column offset, count) for each run of taps that are
    /// contiguous in both the image and the columns; images are split across threads (a run never crosses
    /// images, so col2im's additions never race).
    /// </summary>
    private static void ForEachRun(ConvolutionGeometry g, Action<int, int, int> run, float[]? clearColumns)
    {
        Parallel.For(0, g.Batch, n =>
        {
            if (clearColumns is not null)
            {
                Array.Clear(clearColumns, n * g.Rows * g.Length, g.Rows * g.Length);
            }
            for (var c = 0; c < g.Channels; c++)
            {
                for (var i = 0; i < g.KernelHeight; i++)
                {
                    for (var j = 0; j < g.KernelWidth; j++)
                    {
                        var columnBase = (n * g.Rows + (c * g.KernelHeight + i) * g.KernelWidth + j) * g.Length;
                        // Output columns ox whose tap x = ox·stride - padding + j lies in 0..W-1.
                        var firstX = Math.Max(0, (g.Padding - j + g.Stride - 1) / g.Stride);
                        var lastX = Math.Min(g.OutWidth, (g.Width + g.Padding - j + g.Stride - 1) / g.Stride);
                        for (var oy = 0; oy < g.OutHeight; oy++)
                        {
                            var y = oy * g.Stride - g.Padding + i;
                            if (y < 0 || y >= g.Height || firstX >= lastX)
                            {
                                continue;
                            }
                            var imageRow = ((n * g.Channels + c) * g.Height + y) * g.Width;
                            var columnRow = columnBase + oy * g.OutWidth;
                            if (g.Stride == 1)
                            {
                                run(imageRow + firstX - g.Padding + j, columnRow + firstX, lastX - firstX);
                                continue;
                            }
                            for (var ox = firstX; ox < lastX; ox++)
                            {
                                run(imageRow + ox * g.Stride - g.Padding + j, columnRow + ox, 1);
                            }
                        }
                    }
                }
            }
        });
    }
}

namespace DeepLearning.Backends.MatMul;

/// <summary>
/// Matrix product, version 5: version 4 on every core. C is cut into one band per thread, along its rows
/// when it has at least as many rows as columns and along its columns otherwise, and each thread runs
/// <see cref="SimdMatMul"/> on its band. The bands share no output, so the threads never wait for each other.
/// </summary>
/// <remarks>
/// Cutting along the longer side keeps the duplicated work small: every thread packs all of the operand it
/// does not cut (B for row bands, A for column bands), so that operand should be the smaller one. A batch of
/// products (a convolution: one per image) is instead spread over the threads a whole product at a time,
/// and a batch whose products all add into the same C (a weight gradient summed over images) gives each
/// thread a private sum that is added into C at the end.
/// </remarks>
public static class ParallelMatMul
{
    /// <summary>
    /// Below this many multiply-adds (2²¹, about 40 µs on one core), one thread: waking a second costs more than it
    /// saves, and far more when the other core is busy (a (64, 30)·(30, 128) product took 86 µs on one thread and
    /// 3 ms on two while another process kept both cores busy). The small models of chapters 7 and 8 are made of
    /// such products.
    /// </summary>
    public const long SerialThreshold = 1 << 21;

    /// <summary>C = A B for row-major arrays, on <paramref name="threads"/> threads (the signature of versions 1-4).</summary>
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n, int threads) =>
        Multiply(StridedMatrix.RowMajor(a, k), StridedMatrix.RowMajor(b, n), StridedMatrix.RowMajor(c, n), m, k, n, accumulate: false, threads);

    /// <summary>C (+)= A B for any-stride A and B and a row-major C, on up to <paramref name="threads"/> threads.</summary>
    public static void Multiply(StridedMatrix a, StridedMatrix b, StridedMatrix c, int m, int k, int n, bool accumulate, int threads)
    {
        var bands = (long)m * n * k < SerialThreshold ? 1 : Math.Min(threads, Math.Max(m / MicroKernel.Rows, n / MicroKernel.Columns));
        if (bands <= 1)
        {
            SimdMatMul.Multiply(a, b, c, m, k, n, accumulate);
            return;
        }
        var alongRows = m >= n;
        var unit = alongRows ? MicroKernel.Rows : MicroKernel.Columns;
        var length = alongRows ? m : n;
        Parallel.For(0, bands, Options(threads), band =>
        {
            // Band edges on multiples of the tile size, so no tile is split between two threads.
            var start = Math.Min(length, RoundDown((long)length * band / bands, unit));
            var end = band == bands - 1 ? length : Math.Min(length, RoundDown((long)length * (band + 1) / bands, unit));
            if (alongRows)
            {
                SimdMatMul.Multiply(a.At(start, 0), b, c.At(start, 0), end - start, k, n, accumulate);
            }
            else
            {
                SimdMatMul.Multiply(a, b.At(0, start), c.At(0, start), m, k, end - start, accumulate);
            }
        });
    }

    /// <summary>For every t: C_t (+)= A_t B_t (see <see cref="IBackend.MatMul"/>).</summary>
    public static void Multiply(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, bool accumulate, int threads)
    {
        var count = c.Count;
        var targets = c.Offsets.Distinct().Count();
        if (targets == count && (count < threads || (long)m * n * k >= 1 << 22))
        {
            // Few products, or big ones: each product uses every thread in turn.
            for (var t = 0; t < count; t++)
            {
                Multiply(a[t], b[t], c[t], m, k, n, accumulate, threads);
            }
            return;
        }
        if (targets == count)
        {
            // Many small products, each its own C: a whole product per thread at a time.
            Parallel.For(0, count, Options(threads), t => SimdMatMul.Multiply(a[t], b[t], c[t], m, k, n, accumulate));
            return;
        }
        if (!accumulate)
        {
            throw new ArgumentException("matmul: several products of a batch write the same C; that is only defined when they add into it");
        }
        SumIntoSharedTargets(a, b, c, m, k, n, threads);
    }

    /// <summary>
    /// Products that add into shared targets: the products are dealt to the threads in contiguous runs; each
    /// thread sums its run into a private row-major copy of every target, and the copies are added into C.
    /// </summary>
    private static void SumIntoSharedTargets(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, int threads)
    {
        var targets = c.Offsets.Distinct().ToArray();
        var slotOf = targets.Select((offset, slot) => (offset, slot)).ToDictionary(pair => pair.offset, pair => pair.slot);
        var parts = Math.Max(1, Math.Min(threads, c.Count));
        var partials = new float[parts][];
        Parallel.For(0, parts, Options(threads), part =>
        {
            var partial = partials[part] = new float[targets.Length * m * n];
            var first = c.Count * part / parts;
            var last = c.Count * (part + 1) / parts;
            for (var t = first; t < last; t++)
            {
                var target = StridedMatrix.RowMajor(partial, n, slotOf[c.Offsets[t]] * m * n);
                SimdMatMul.Multiply(a[t], b[t], target, m, k, n, accumulate: true);
            }
        });
        for (var slot = 0; slot < targets.Length; slot++)
        {
            var target = c[Array.IndexOf(c.Offsets, targets[slot])];
            for (var i = 0; i < m; i++)
            {
                var row = c.Data.AsSpan(target.Offset + i * target.RowStride, n);
                foreach (var partial in partials)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(row, partial.AsSpan((slot * m + i) * n, n), row);
                }
            }
        }
    }

    private static ParallelOptions Options(int threads) => new() { MaxDegreeOfParallelism = threads };

    private static int RoundDown(long value, int multiple) => (int)(value / multiple * multiple);
}

namespace DeepLearning.Backends.MatMul;

/// <summary>
/// Matrix product, version 4: register tiles and packed panels, one thread. C is computed 6×16 elements at a
/// time by <see cref="MicroKernel"/> (Vector256 fused multiply-adds), from blocks of A and B copied into
/// kernel order by <see cref="PanelPacking"/>. The loop nest is the one of GotoBLAS/BLIS:
/// <code>
/// for each block of ≤ ColumnBlock columns of B and C        (the packed B block lives in L3)
///   for each block of ≤ DepthBlock rows of B                 (pack it once: DepthBlock × ColumnBlock)
///     for each block of ≤ RowBlock rows of A and C          (pack A's RowBlock × DepthBlock block: L2)
///       for each 16-column sliver of the B block            (DepthBlock × 16 floats: L1)
///         for each 6-row sliver of the A block
///           C[6 rows, 16 columns] += A sliver · B sliver     (the micro-kernel, all in registers)
/// </code>
/// </summary>
/// <remarks>
/// What each step buys, measured on the course machine (chapter 9 times them): vectors do 8 multiply-adds per
/// instruction, and FMA fuses the multiply and the add; the register tile reuses each loaded B vector 6 times
/// and each broadcast A value 2 times, so the FMA units rather than loads set the pace; packing makes every
/// load sequential and aligned. Operands may have any strides (<see cref="StridedMatrix"/>); C is row-major.
/// On a core with 512-bit vectors, pairs of 16-column slivers go to <see cref="WideMicroKernel"/> (6×32 tiles).
/// </remarks>
public static unsafe class SimdMatMul
{
    /// <summary>Rows of A packed at once: 144 × 512 floats = 288 KiB, inside a 512 KiB or 1 MiB L2.</summary>
    public const int RowBlock = 144;

    /// <summary>
    /// Depth of one packed block: a 512 × 16 B sliver is 32 KiB. A deeper block loads and stores each tile of C
    /// fewer times (once per block); measured on the 2-core AVX-512 machine (2026-12-06, 2 threads, best of 8
    /// alternating rounds), 512 against 256 gave 200 against 187 GFLOPS at n = 1024, 192 against 179 at 2048, 141
    /// against 134 for the CNN's (64 × 288)·(288 × 196) and the same at 256 and 512.
    /// </summary>
    public const int DepthBlock = 512;

    /// <summary>Columns of B packed at once: 512 × 4096 floats = 8 MiB, inside the L3.</summary>
    public const int ColumnBlock = 4096;

    /// <summary>C = A B for row-major arrays (the signature of versions 1-3).</summary>
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n) =>
        Multiply(StridedMatrix.RowMajor(a, k), StridedMatrix.RowMajor(b, n), StridedMatrix.RowMajor(c, n), m, k, n, accumulate: false);

    /// <summary>C (+)= A B for an m×k A, a k×n B (any strides) and a row-major C.</summary>
    public static void Multiply(StridedMatrix a, StridedMatrix b, StridedMatrix c, int m, int k, int n, bool accumulate)
    {
        if (c.ColumnStride != 1)
        {
            throw new ArgumentException("matmul: the fast kernel writes C row by row, so C must be row-major");
        }
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            ClearUnlessAccumulating(c, m, n, accumulate);
            return;
        }
        var depthBlock = Balanced(k, DepthBlock, 1);
        var rowBlock = Balanced(m, RowBlock, MicroKernel.Rows);
        var packedB = AlignedBuffer.PackedB.Reserve((long)depthBlock * RoundUp(Math.Min(n, ColumnBlock), MicroKernel.Columns));
        // + 8: room for the two floats that the last transposed store of a row-major A sliver spills past its end.
        var packedA = AlignedBuffer.PackedA.Reserve((long)rowBlock * depthBlock + 8);
        fixed (float* cData = c.Data)
        {
            for (var j0 = 0; j0 < n; j0 += ColumnBlock)
            {
                var width = Math.Min(ColumnBlock, n - j0);
                for (var p0 = 0; p0 < k; p0 += depthBlock)
                {
                    var depth = Math.Min(depthBlock, k - p0);
                    PanelPacking.PackB(b.At(p0, j0), depth, width, packedB);
                    // The first depth block sets C (unless asked to add), the later ones add to it.
                    var addToC = accumulate || p0 > 0;
                    for (var i0 = 0; i0 < m; i0 += rowBlock)
                    {
                        var height = Math.Min(rowBlock, m - i0);
                        PanelPacking.PackA(a.At(i0, p0), height, depth, packedA);
                        MultiplyPackedBlock(packedA, packedB, cData + c.Offset + i0 * c.RowStride + j0, c.RowStride, height, depth, width, addToC);
                    }
                }
            }
        }
    }

    /// <summary>C block (height × width) (+)= packed A block · packed B block, one micro-kernel call per 6×32 or 6×16 tile.</summary>
    private static void MultiplyPackedBlock(float* packedA, float* packedB, float* c, int ldc, int height, int depth, int width, bool accumulate)
    {
        var j = 0;
        if (WideMicroKernel.IsSupported)
        {
            // Two full 16-column slivers at a time with 512-bit vectors; what is left (one sliver, or a part of
            // one) goes to the 6×16 kernel below.
            for (; j + WideMicroKernel.Columns <= width; j += WideMicroKernel.Columns)
            {
                var left = packedB + j * depth;
                var right = left + MicroKernel.Columns * depth;
                for (var i = 0; i < height; i += MicroKernel.Rows)
                {
                    var aSliver = packedA + i * depth;
                    var rows = Math.Min(MicroKernel.Rows, height - i);
                    var tile = c + i * ldc + j;
                    if (rows == MicroKernel.Rows)
                    {
                        WideMicroKernel.Multiply(depth, aSliver, left, right, tile, ldc, accumulate);
                    }
                    else
                    {
                        WideMicroKernel.MultiplyEdge(depth, aSliver, left, right, tile, ldc, accumulate, rows);
                    }
                }
            }
        }
        for (; j < width; j += MicroKernel.Columns)
        {
            var bSliver = packedB + j * depth;
            var columns = Math.Min(MicroKernel.Columns, width - j);
            for (var i = 0; i < height; i += MicroKernel.Rows)
            {
                var aSliver = packedA + i * depth;
                var rows = Math.Min(MicroKernel.Rows, height - i);
                var tile = c + i * ldc + j;
                if (rows == MicroKernel.Rows && columns == MicroKernel.Columns)
                {
                    MicroKernel.Multiply(depth, aSliver, bSliver, tile, ldc, accumulate);
                }
                else
                {
                    MicroKernel.MultiplyEdge(depth, aSliver, bSliver, tile, ldc, accumulate, rows, columns);
                }
            }
        }
    }

    private static void ClearUnlessAccumulating(StridedMatrix c, int m, int n, bool accumulate)
    {
        if (accumulate)
        {
            return;
        }
        for (var i = 0; i < m; i++)
        {
            c.Data.AsSpan(c.Offset + i * c.RowStride, n).Clear();
        }
    }

    /// <summary>
    /// Splits <paramref name="length"/> into equal blocks of at most <paramref name="limit"/>, each a multiple of
    /// <paramref name="multiple"/>: 784 with a limit of 256 gives 196 (four even blocks), not 256, 256, 256, 16.
    /// </summary>
    private static int Balanced(int length, int limit, int multiple)
    {
        var blocks = (length + limit - 1) / limit;
        return RoundUp((length + blocks - 1) / blocks, multiple);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}

using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.MatMul;
using ILGPU;
using ILGPU.Util;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>
/// What one launch of <see cref="StridedMatMulKernels.MatMul"/> computes: for each z of the grid,
/// C_z (=|+=) Σ_u A_t B_t over t = FirstProduct + z·ProductsPerOutput + u, u &lt; ProductsPerOutput and t &lt; Count, with
/// A_t (M×K), B_t (K×N), C (M×N) anywhere in their buffers: element (i, j) of matrix t of operand X at
/// offset_X(t) + i·RowStride + j·ColumnStride. The offset of matrix t is Base + t·Step, or entry t of the
/// operand's part of the offset table when its bit is set in <see cref="TableMask"/> (A: 1, B: 2, C: 4).
/// </summary>
public struct MatMulGeometry
{
    public int M, K, N;
    public int ARowStride, AColumnStride, BRowStride, BColumnStride, CRowStride, CColumnStride;
    public int ABase, AStep, BBase, BStep, CBase, CStep;
    public int TableMask;
    public int Count;
    public int FirstProduct, ProductsPerOutput;
    /// <summary>Added to C's offset for each z of the grid: the runs of a split batch each write a partial C of their own (0 otherwise).</summary>
    public int CRunStep;
    public int Accumulate;
    /// <summary>The group is ThreadsPerSide × ThreadsPerSide threads on a block of C 4·ThreadsPerSide on a side (at most 16 and 64).</summary>
    public int ThreadsPerSide;

    /// <summary>The offset of matrix <paramref name="t"/> of operand 0 (A), 1 (B) or 2 (C).</summary>
    public readonly int OffsetOf(int operand, int t, ArrayView<int> table)
    {
        if ((TableMask & (1 << operand)) != 0)
        {
            return table[operand * Count + t];
        }
        return operand == 0 ? ABase + t * AStep : operand == 1 ? BBase + t * BStep : CBase + t * CStep;
    }
}

/// <summary>A thread's 4×4 tile of C in registers, a Float4 a row.</summary>
public struct ThreadTile
{
    public Float4 Row0, Row1, Row2, Row3;
}

/// <summary>One matrix inside a buffer: element (i, j) at Offset + i·RowStride + j·ColumnStride.</summary>
public record struct StridedMatrixLayout(int Offset, int RowStride, int ColumnStride, int Rows, int Columns);

/// <summary>
/// Matrix products of strided, batched operands for the GPU backend: A, B and C are read through their row and
/// column strides, so that a transposed operand (strides swapped) needs no copy, and the batch is the grid's
/// third axis.
/// </summary>
/// <remarks>
/// <para>A register-tiled kernel of its own, not one of the kernel lab's versions: the lab's take dense row-major
/// operands only. It sits between the lab's <see cref="MatMulKernels.Tiled"/> and
/// <see cref="MatMulKernels.RegisterBlocked"/>. A group of 16×16 threads computes a 64×64 block of C, walking K in
/// steps of 16; each thread keeps a 4×4 tile of C in registers (4 Float4 rows), so every value it reads from shared
/// memory serves 4 multiply-adds: per depth step 8 scalar shared loads for 16 multiply-adds, against Tiled's 2 loads
/// a multiply-add and RegisterBlocked's 4 loads of 128 bits for 64 (an 8×8 tile a thread, 128×128 a group).</para>
/// <para>The tiles are copied so that consecutive threads read consecutive addresses whichever stride is 1 (A read
/// down its columns when it is transposed, B likewise), and the shared tiles have one padding column, so that the
/// transposed copy does not put 16 threads on one memory bank. Launch: grid (⌈N/64⌉, ⌈M/64⌉, the launch's C matrices),
/// groups 16×16 (<c>GpuBackend.MatMul</c>).</para>
/// <para>The group's side is an argument (<see cref="MatMulGeometry.ThreadsPerSide"/>, the <see cref="Backend.LaunchPlan"/>'s):
/// on ILGPU's CPU accelerator, where every barrier makes the group's OS threads meet, a group is one thread on a 4×4
/// block, and its barriers cost nothing.</para>
/// </remarks>
public static class StridedMatMulKernels
{
    /// <summary>The largest block of C a group computes (the shared tiles are sized for it): 16×16 threads, as on a GPU.</summary>
    public const int MaxBlockTile = 64;
    public const int BlockDepth = 16;
    public const int MaxThreadsPerSide = MaxBlockTile / 4;

    public static void MatMul(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<int> offsetTable, MatMulGeometry g)
    {
        var aTile = SharedMemory.Allocate<float>(MaxBlockTile * (BlockDepth + 1)); // A[r, p] at r·17 + p
        var bTile = SharedMemory.Allocate<float>(BlockDepth * (MaxBlockTile + 1)); // B[p, j] at p·65 + j
        var x = Group.IdxX;
        var y = Group.IdxY;
        var side = g.ThreadsPerSide;
        var blockTile = 4 * side;
        var thread = y * side + x;
        var blockRow = Grid.IdxY * blockTile;
        var blockColumn = Grid.IdxX * blockTile;
        var firstProduct = g.FirstProduct + Grid.IdxZ * g.ProductsPerOutput;
        var aDownColumns = g.ARowStride == 1 && g.AColumnStride != 1;
        var bDownColumns = g.BRowStride == 1 && g.BColumnStride != 1;

        var tile = default(ThreadTile);
        // The last z of a batch split into runs may have a shorter run.
        var products = g.Count - firstProduct < g.ProductsPerOutput ? g.Count - firstProduct : g.ProductsPerOutput;
        for (var u = 0; u < products; u++)
        {
            var aStart = g.OffsetOf(0, firstProduct + u, offsetTable);
            var bStart = g.OffsetOf(1, firstProduct + u, offsetTable);
            for (var step = 0; step < g.K; step += BlockDepth)
            {
                for (var e = thread; e < blockTile * BlockDepth; e += side * side)
                {
                    int r = aDownColumns ? e % blockTile : e / BlockDepth;
                    int p = aDownColumns ? e / blockTile : e % BlockDepth;
                    aTile[r * (BlockDepth + 1) + p] = blockRow + r < g.M && step + p < g.K
                        ? a[aStart + (blockRow + r) * g.ARowStride + (step + p) * g.AColumnStride]
                        : 0f;
                    int q = bDownColumns ? e % BlockDepth : e / blockTile;
                    int j = bDownColumns ? e / BlockDepth : e % blockTile;
                    bTile[q * (MaxBlockTile + 1) + j] = step + q < g.K && blockColumn + j < g.N
                        ? b[bStart + (step + q) * g.BRowStride + (blockColumn + j) * g.BColumnStride]
                        : 0f;
                }
                Group.Barrier();
                tile = AddTileProducts(tile, aTile, bTile, x, y);
                Group.Barrier();
            }
        }
        var cStart = g.OffsetOf(2, firstProduct, offsetTable) + Grid.IdxZ * g.CRunStep;
        var column = blockColumn + 4 * x;
        Store(c, cStart, g, tile.Row0, blockRow + 4 * y, column);
        Store(c, cStart, g, tile.Row1, blockRow + 4 * y + 1, column);
        Store(c, cStart, g, tile.Row2, blockRow + 4 * y + 2, column);
        Store(c, cStart, g, tile.Row3, blockRow + 4 * y + 3, column);
    }

    /// <summary>
    /// One depth block of the tiles in shared memory added into a thread's 4×4 tile of C: for each of the
    /// <see cref="BlockDepth"/> depths, four floats of B's tile row (the thread's columns 4x..4x+3) times each of its four
    /// rows' A value, so that every value read from shared memory serves 4 multiply-adds. The A tile holds A[r, p] at
    /// r·17 + p, the B tile B[p, j] at p·65 + j. Shared by this kernel and <see cref="ImplicitProductKernels"/>.
    /// </summary>
    internal static ThreadTile AddTileProducts(ThreadTile tile, ArrayView<float> aTile, ArrayView<float> bTile, int x, int y)
    {
        for (var p = 0; p < BlockDepth; p++)
        {
            var bRow = new Float4(
                bTile[p * (MaxBlockTile + 1) + 4 * x], bTile[p * (MaxBlockTile + 1) + 4 * x + 1],
                bTile[p * (MaxBlockTile + 1) + 4 * x + 2], bTile[p * (MaxBlockTile + 1) + 4 * x + 3]);
            tile.Row0 += aTile[(4 * y) * (BlockDepth + 1) + p] * bRow;
            tile.Row1 += aTile[(4 * y + 1) * (BlockDepth + 1) + p] * bRow;
            tile.Row2 += aTile[(4 * y + 2) * (BlockDepth + 1) + p] * bRow;
            tile.Row3 += aTile[(4 * y + 3) * (BlockDepth + 1) + p] * bRow;
        }
        return tile;
    }

    /// <summary>
    /// C (=|+=) Σ_s partials[s]: the runs of a batch of products that all add into one C, each summed into a dense
    /// M×N partial of its own, added in order, one thread an element of C.
    /// </summary>
    public static void SumPartials(ArrayView<float> partials, ArrayView<float> c, MatMulGeometry g, int runs)
    {
        var count = g.M * g.N;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            var sum = 0f;
            for (var s = 0; s < runs; s++)
            {
                sum += partials[s * count + e];
            }
            var at = g.CBase + e / g.N * g.CRowStride + e % g.N * g.CColumnStride;
            c[at] = g.Accumulate != 0 ? c[at] + sum : sum;
        }
    }

    /// <summary>dense[i·Columns + j] = x[Offset + i·RowStride + j·ColumnStride]: a strided matrix copied row-major, one thread an element.</summary>
    public static void CopyDense(ArrayView<float> x, StridedMatrixLayout layout, ArrayView<float> dense)
    {
        var count = layout.Rows * layout.Columns;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            dense[e] = x[layout.Offset + e / layout.Columns * layout.RowStride + e % layout.Columns * layout.ColumnStride];
        }
    }

    /// <summary>Writes (or adds) C[row, column..column+3], leaving out what lies outside the M×N matrix.</summary>
    private static void Store(ArrayView<float> c, int start, MatMulGeometry g, Float4 values, int row, int column)
    {
        if (row >= g.M)
        {
            return;
        }
        var at = start + row * g.CRowStride + column * g.CColumnStride;
        StoreOne(c, at, values.X, column < g.N, g.Accumulate);
        StoreOne(c, at + g.CColumnStride, values.Y, column + 1 < g.N, g.Accumulate);
        StoreOne(c, at + 2 * g.CColumnStride, values.Z, column + 2 < g.N, g.Accumulate);
        StoreOne(c, at + 3 * g.CColumnStride, values.W, column + 3 < g.N, g.Accumulate);
    }

    private static void StoreOne(ArrayView<float> c, int at, float value, bool inside, int accumulate)
    {
        if (inside)
        {
            c[at] = accumulate != 0 ? c[at] + value : value;
        }
    }
}

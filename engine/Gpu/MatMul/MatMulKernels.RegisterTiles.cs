using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Util;

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// Kernels 4 and 5: 2-D block tiling. Each thread computes an 8×8 tile of C in registers, so that every value it
/// reads from shared memory serves eight multiply-adds instead of one (siboehm's "How to optimize a CUDA matmul
/// kernel", kernels 5 and 6). Both share the same shared-memory layout and the same inner loop,
/// <see cref="AddTileProducts"/>; they differ only in how they move global memory.
/// </summary>
/// <remarks>
/// ILGPU neither unrolls loops nor keeps an indexed local array in registers (it would live in slow local
/// memory), so the 64 accumulators are the 16 named <see cref="Float4"/> fields of an <see cref="OutputTile"/>,
/// and the 64 multiply-adds of a depth step are written out. A Float4 here is just four registers.
/// </remarks>
public static partial class MatMulKernels
{
    /// <summary>Register-tiled versions: a group of 16×16 threads computes a 128×128 block of C...</summary>
    public const int BlockTile = 128;

    /// <summary>...walking along k in steps of 8...</summary>
    public const int BlockDepth = 8;

    /// <summary>...and each thread owns an 8×8 tile of the block (16 threads × 8 = 128 a side).</summary>
    public const int ThreadTile = 8;

    private const int ThreadsPerSide = BlockTile / ThreadTile;

    /// <summary>
    /// Floats between two depths of the transposed A tile: 128 + 4 of padding, which keeps every Float4 16-byte
    /// aligned and shifts each depth by 4 banks, so that the transposed stores of A are free of bank conflicts.
    /// </summary>
    private const int ATileStride = BlockTile + 4;

    private const int Float4sPerTileRow = BlockTile / 4;

    /// <summary>
    /// Kernel 4, register blocking: a group computes a 128×128 block of C, walking along k in steps of 8, and
    /// each thread accumulates an 8×8 tile of C in 64 registers. Global loads and stores are scalar and
    /// bounds-checked, so any m, k, n works; shared memory is read 128 bits at a time.
    /// </summary>
    /// <remarks>
    /// <para>Shared: see <see cref="AddTileProducts"/>: a depth step is 4 shared loads of 128 bits (6 shared-memory
    /// cycles a warp) for 64 FMAs (16 cycles of an SM's 128 FP32 lanes a warp), so the inner loop is bound by
    /// arithmetic. Read one float at a time, the same step took 16 loads, 16 shared cycles a warp: shared
    /// memory, not arithmetic, set the pace (0.27 of cuBLAS on an H200 at 4096³, against 0.62 now).</para>
    /// <para>Global: each element copied into a tile serves 128 multiply-adds, 1/64 of a global load a FMA. A
    /// block tile is 128×8 of A and 8×128 of B, 4 elements of each a thread, consecutive threads on consecutive
    /// addresses: runs of 8 floats of a row of A (one 32-byte sector), of 128 of a row of B (coalesced); elements
    /// past the edge of A or B are copied as zeros. The 8 loads are written out and issued before the 8 stores to
    /// shared memory, so that they are in flight together (a loop over them, with its divisions, ran at 0.37 of
    /// cuBLAS). A is stored transposed: a warp's 32 stores of A go to 4 rows × 8 depths, at banks r + 4p mod
    /// 32 thanks to the padded stride, all different (with a stride of 128, an 8-way conflict: 7% slower). C is
    /// stored one float at a time, skipping what lies outside it; a warp's store instruction covers 32 floats 16
    /// bytes apart, which the L2 merges into full lines (C is written once, so this costs little).</para>
    /// <para>Resources: 64 accumulators + 16 operands + addresses, 95 registers a thread (ptxas for sm_90, no
    /// spills), within the 128 that let 2 groups (16 warps) share an H100 SM's 64K registers; 8.2 KB of shared
    /// memory a group (A's tile 8×132 floats, B's 8×128).
    /// Launch: grid (⌈n/128⌉, ⌈m/128⌉), groups 16×16.</para>
    /// </remarks>
    public static void RegisterBlocked(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        var aTileTransposed = SharedMemory.Allocate<Float4>(BlockDepth * ATileStride / 4); // A[r, p] at float p·132 + r
        var bTile = SharedMemory.Allocate<Float4>(BlockDepth * Float4sPerTileRow);          // B[p, j] at float p·128 + j
        var aTileFloats = aTileTransposed.Cast<float>();
        var bTileFloats = bTile.Cast<float>();
        var x = Group.IdxX;
        var y = Group.IdxY;
        var thread = y * ThreadsPerSide + x;
        var blockRow = Grid.IdxY * BlockTile;
        var blockColumn = Grid.IdxX * BlockTile;
        // The elements this thread copies: A[aRow + 32i, aDepth] and B[bDepth + 2i, bColumn], i = 0..3.
        int aRow = thread / BlockDepth, aDepth = thread % BlockDepth;
        int bDepth = thread / BlockTile, bColumn = thread % BlockTile;

        var tile = default(OutputTile);
        for (var step = 0; step < k; step += BlockDepth)
        {
            // All eight loads first, then the stores: the loads are in flight together.
            var aDepthInside = step + aDepth < k;
            var aIndex = (blockRow + aRow) * k + step + aDepth;
            var fromA0 = blockRow + aRow < m && aDepthInside ? a[aIndex] : 0f;
            var fromA1 = blockRow + aRow + 32 < m && aDepthInside ? a[aIndex + 32 * k] : 0f;
            var fromA2 = blockRow + aRow + 64 < m && aDepthInside ? a[aIndex + 64 * k] : 0f;
            var fromA3 = blockRow + aRow + 96 < m && aDepthInside ? a[aIndex + 96 * k] : 0f;
            var bColumnInside = blockColumn + bColumn < n;
            var bIndex = (step + bDepth) * n + blockColumn + bColumn;
            var fromB0 = step + bDepth < k && bColumnInside ? b[bIndex] : 0f;
            var fromB1 = step + bDepth + 2 < k && bColumnInside ? b[bIndex + 2 * n] : 0f;
            var fromB2 = step + bDepth + 4 < k && bColumnInside ? b[bIndex + 4 * n] : 0f;
            var fromB3 = step + bDepth + 6 < k && bColumnInside ? b[bIndex + 6 * n] : 0f;
            aTileFloats[aDepth * ATileStride + aRow] = fromA0;
            aTileFloats[aDepth * ATileStride + aRow + 32] = fromA1;
            aTileFloats[aDepth * ATileStride + aRow + 64] = fromA2;
            aTileFloats[aDepth * ATileStride + aRow + 96] = fromA3;
            bTileFloats[bDepth * BlockTile + bColumn] = fromB0;
            bTileFloats[(bDepth + 2) * BlockTile + bColumn] = fromB1;
            bTileFloats[(bDepth + 4) * BlockTile + bColumn] = fromB2;
            bTileFloats[(bDepth + 6) * BlockTile + bColumn] = fromB3;
            Group.Barrier();
            tile = AddTileProducts(tile, aTileTransposed, bTile, x, y);
            Group.Barrier();
        }
        var row = blockRow + 4 * y;
        var column = blockColumn + 4 * x;
        StoreTwoRuns(c, tile.Left0, tile.Right0, row, column, m, n);
        StoreTwoRuns(c, tile.Left1, tile.Right1, row + 1, column, m, n);
        StoreTwoRuns(c, tile.Left2, tile.Right2, row + 2, column, m, n);
        StoreTwoRuns(c, tile.Left3, tile.Right3, row + 3, column, m, n);
        StoreTwoRuns(c, tile.Left4, tile.Right4, row + 64, column, m, n);
        StoreTwoRuns(c, tile.Left5, tile.Right5, row + 65, column, m, n);
        StoreTwoRuns(c, tile.Left6, tile.Right6, row + 66, column, m, n);
        StoreTwoRuns(c, tile.Left7, tile.Right7, row + 67, column, m, n);
    }

    /// <summary>
    /// Kernel 5, vectorized global memory: <see cref="RegisterBlocked"/> with every global load and store 128 bits
    /// wide. Requires k and n to be multiples of 4, so that every row of A, B and C starts on a 16-byte boundary;
    /// the launcher pads other shapes with zero columns (as BLAS users pad a leading dimension).
    /// </summary>
    /// <remarks>
    /// <para>Global: each thread copies its share of a block tile as one Float4 (<c>ld.global.v4.f32</c>) of A
    /// and one of B: 256 threads × 4 floats is exactly one 128×8 tile of A and one 8×128 tile of B, a quarter of
    /// the load instructions and no loop. C is stored one Float4 at a time (<c>st.global.v4.f32</c>). The four
    /// transposed stores of a Float4 of A go, for a warp, to 16 rows × 2 depths 4 apart: banks r + 4p mod 32,
    /// all different. Shared memory and the inner loop are those of <see cref="RegisterBlocked"/>.</para>
    /// <para>What it buys: a quarter of the global load instructions and no per-element bounds checks, but once the
    /// inner loop is bound by arithmetic that is little time: on an H200 at 4096³ both run at 0.59-0.62 of cuBLAS
    /// (90 registers here, 95 there).</para>
    /// <para><c>AsAligned16</c> tells ILGPU's compiler that the views are 16-byte aligned; without it, it cannot
    /// prove the vector loads legal and emits scalar ones. Launch: as <see cref="RegisterBlocked"/>.</para>
    /// </remarks>
    public static void Vectorized(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        var a4 = a.AsAligned16().Cast<Float4>();
        var b4 = b.AsAligned16().Cast<Float4>();
        var c4 = c.AsAligned16().Cast<Float4>();
        var aTileTransposed = SharedMemory.Allocate<Float4>(BlockDepth * ATileStride / 4); // A[r, p] at float p·132 + r
        var bTile = SharedMemory.Allocate<Float4>(BlockDepth * Float4sPerTileRow);          // B[p, j] at float p·128 + j
        var aTileFloats = aTileTransposed.Cast<float>();
        var x = Group.IdxX;
        var y = Group.IdxY;
        var thread = y * ThreadsPerSide + x;
        var blockRow = Grid.IdxY * BlockTile;
        var blockColumn = Grid.IdxX * BlockTile;
        // The Float4 this thread copies: A[aRow, aDepth..aDepth+3] and B[bDepth, bColumn..bColumn+3].
        int aRow = thread / (BlockDepth / 4), aDepth = thread % (BlockDepth / 4) * 4;
        int bDepth = thread / Float4sPerTileRow, bColumn = thread % Float4sPerTileRow * 4;

        var tile = default(OutputTile);
        for (var step = 0; step < k; step += BlockDepth)
        {
            Float4 fromA = blockRow + aRow < m && step + aDepth < k ? a4[((blockRow + aRow) * k + step + aDepth) / 4] : 0f;
            aTileFloats[aDepth * ATileStride + aRow] = fromA.X;
            aTileFloats[(aDepth + 1) * ATileStride + aRow] = fromA.Y;
            aTileFloats[(aDepth + 2) * ATileStride + aRow] = fromA.Z;
            aTileFloats[(aDepth + 3) * ATileStride + aRow] = fromA.W;
            bTile[bDepth * Float4sPerTileRow + bColumn / 4] = step + bDepth < k && blockColumn + bColumn < n
                ? b4[((step + bDepth) * n + blockColumn + bColumn) / 4]
                : 0f;
            Group.Barrier();
            tile = AddTileProducts(tile, aTileTransposed, bTile, x, y);
            Group.Barrier();
        }
        var row = blockRow + 4 * y;
        var column = blockColumn + 4 * x;
        StoreTwoVectorsApart(c4, tile.Left0, tile.Right0, row, column, 64, m, n);
        StoreTwoVectorsApart(c4, tile.Left1, tile.Right1, row + 1, column, 64, m, n);
        StoreTwoVectorsApart(c4, tile.Left2, tile.Right2, row + 2, column, 64, m, n);
        StoreTwoVectorsApart(c4, tile.Left3, tile.Right3, row + 3, column, 64, m, n);
        StoreTwoVectorsApart(c4, tile.Left4, tile.Right4, row + 64, column, 64, m, n);
        StoreTwoVectorsApart(c4, tile.Left5, tile.Right5, row + 65, column, 64, m, n);
        StoreTwoVectorsApart(c4, tile.Left6, tile.Right6, row + 66, column, 64, m, n);
        StoreTwoVectorsApart(c4, tile.Left7, tile.Right7, row + 67, column, 64, m, n);
    }

    /// <summary>
    /// A thread's 8×8 tile of C, 64 registers. Its rows 0-3 are block rows 4y..4y+3 and its rows 4-7 are
    /// 64+4y..64+4y+3; <c>Left</c>i holds row i's columns 4x..4x+3, <c>Right</c>i its columns 64+4x..64+4x+3.
    /// </summary>
    private struct OutputTile
    {
        public Float4 Left0, Left1, Left2, Left3, Left4, Left5, Left6, Left7;
        public Float4 Right0, Right1, Right2, Right3, Right4, Right5, Right6, Right7;
    }

    /// <summary>
    /// Adds to a thread's tile the product of the shared tiles, A[its rows, 0..7] · B[0..7, its columns]: at each
    /// depth p, the outer product of its 8 values of A's column p and its 8 values of B's row p.
    /// </summary>
    /// <remarks>
    /// A's tile is stored transposed (depth-major), so the A values a thread needs at depth p are contiguous too:
    /// its 8 rows are two runs of 4, 64 apart, and so are its 8 columns. A depth step is then 4 shared loads of
    /// 128 bits for 64 FMAs (1/16 of a load a FMA). A warp (16 threads of a row × 2 rows) reads 16 consecutive
    /// Float4 of B a load (256 bytes, 2 shared-memory cycles, no conflict) and 2 adjacent Float4 of A (a broadcast,
    /// 1 cycle): 6 shared cycles for 64 warp-wide FMAs, which an SM's 128 FP32 lanes issue in 16 cycles. (With 8
    /// adjacent columns, 8x…8x+7, a warp row's Float4 would lie 32 bytes apart: 4 cycles a load instead of 2.)
    /// ILGPU inlines this method (no <c>call</c> in the PTX), and the tile passed by value stays in registers.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static OutputTile AddTileProducts(OutputTile t, ArrayView<Float4> aTileTransposed, ArrayView<Float4> bTile, int x, int y)
    {
        for (var p = 0; p < BlockDepth; p++)
        {
            // Views that start at this thread's first values: the other offsets are constants, which ptxas folds
            // into the load instructions.
            var aColumn = aTileTransposed.SubView(p * ATileStride / 4 + y);
            var bRow = bTile.SubView(p * Float4sPerTileRow + x);
            var aTop = aColumn[0];     // A[4y..4y+3, p]
            var aBottom = aColumn[16]; // A[64+4y..64+4y+3, p], 64 floats on
            var bLeft = bRow[0];       // B[p, 4x..4x+3]
            var bRight = bRow[16];     // B[p, 64+4x..64+4x+3]
            t.Left0 += aTop.X * bLeft; t.Right0 += aTop.X * bRight;
            t.Left1 += aTop.Y * bLeft; t.Right1 += aTop.Y * bRight;
            t.Left2 += aTop.Z * bLeft; t.Right2 += aTop.Z * bRight;
            t.Left3 += aTop.W * bLeft; t.Right3 += aTop.W * bRight;
            t.Left4 += aBottom.X * bLeft; t.Right4 += aBottom.X * bRight;
            t.Left5 += aBottom.Y * bLeft; t.Right5 += aBottom.Y * bRight;
            t.Left6 += aBottom.Z * bLeft; t.Right6 += aBottom.Z * bRight;
            t.Left7 += aBottom.W * bLeft; t.Right7 += aBottom.W * bRight;
        }
        return t;
    }

    /// <summary>
    /// Writes C[row, column..column+3] and C[row, column+64..column+67] one float at a time, leaving out what lies
    /// outside the m×n matrix.
    /// </summary>
    private static void StoreTwoRuns(ArrayView<float> c, Float4 left, Float4 right, int row, int column, int m, int n)
    {
        if (row >= m)
        {
            return;
        }
        var start = row * n + column;
        if (column < n) c[start] = left.X;
        if (column + 1 < n) c[start + 1] = left.Y;
        if (column + 2 < n) c[start + 2] = left.Z;
        if (column + 3 < n) c[start + 3] = left.W;
        if (column + 64 < n) c[start + 64] = right.X;
        if (column + 65 < n) c[start + 65] = right.Y;
        if (column + 66 < n) c[start + 66] = right.Z;
        if (column + 67 < n) c[start + 67] = right.W;
    }

    /// <summary>
    /// Writes C[row, column..column+3] and C[row, column+offset..column+offset+3] as two 128-bit stores (64 apart in
    /// <see cref="Vectorized"/>, a warp tile's half width in kernels 6 and 7); n and the offset are multiples of 4, so
    /// each run of 4 is all in or all out.
    /// </summary>
    private static void StoreTwoVectorsApart(ArrayView<Float4> c4, Float4 left, Float4 right, int row, int column, int offset, int m, int n)
    {
        if (row >= m)
        {
            return;
        }
        var start = (row * n + column) / 4;
        if (column < n) c4[start] = left;
        if (column + offset < n) c4[start + offset / 4] = right;
    }
}

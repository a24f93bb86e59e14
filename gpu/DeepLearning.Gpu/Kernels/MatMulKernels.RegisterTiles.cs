using DeepLearning.Gpu.Devices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Util;

namespace DeepLearning.Gpu.Kernels;

/// <summary>
/// Kernels 4 and 5: each thread computes a 4×4 tile of C in registers, so that every value it reads from
/// shared memory serves four multiply-adds instead of one.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>Register-tiled versions: a group of 16×16 threads computes a 64×64 block of C...</summary>
    public const int BlockTile = 64;

    /// <summary>...walking along k in steps of 16...</summary>
    public const int BlockDepth = 16;

    /// <summary>...and each thread owns a 4×4 tile of the block (16 threads × 4 = 64 a side).</summary>
    public const int ThreadTile = 4;

    private const int ThreadsPerSide = BlockTile / ThreadTile;

    /// <summary>
    /// Kernel 4, register blocking: the block tiles of <see cref="Tiled"/>, 64×64 with a depth of 16, and each
    /// thread accumulates a 4×4 tile of C in 16 registers (four <see cref="Float4"/> rows; a Float4 here is just
    /// four registers, the loads stay scalar).
    /// </summary>
    /// <remarks>
    /// At each depth p a thread reads 4 values of A's column and 4 of B's row from shared memory and forms
    /// their outer product: 8 shared loads for 16 FMAs, 0.5 a FMA instead of 2, so the shared-memory bound
    /// moves from ~1/8 to ~1/2 of peak (~1/3 with the bank conflict below: 12 load cycles a warp for 16 FMAs). Global traffic: each loaded element now serves 64 outputs, 1/32 of a
    /// load per FMA. Copying a block tile: 64×16 elements of A and 16×64 of B, 4 of each a thread, consecutive
    /// threads on consecutive addresses (coalesced). The B reads B[p, 4x..4x+3] put lanes x and x+8 on the same
    /// bank: a 2-way bank conflict that the next version's 128-bit reads avoid.
    /// Launch: grid (⌈n/64⌉, ⌈m/64⌉), groups 16×16; thread (x, y) owns rows 4y..4y+3 and columns 4x..4x+3.
    /// </remarks>
    public static void RegisterBlocked(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        var aTile = SharedMemory.Allocate<float>(BlockTile * BlockDepth); // A[r, p] at r·16 + p
        var bTile = SharedMemory.Allocate<float>(BlockDepth * BlockTile); // B[p, j] at p·64 + j
        var x = Group.IdxX;
        var y = Group.IdxY;
        var thread = y * ThreadsPerSide + x;
        var blockRow = Grid.IdxY * BlockTile;
        var blockColumn = Grid.IdxX * BlockTile;

        Float4 row0 = 0f, row1 = 0f, row2 = 0f, row3 = 0f;
        for (var step = 0; step < k; step += BlockDepth)
        {
            for (var e = thread; e < BlockTile * BlockDepth; e += ComputeDevice.GroupSize)
            {
                int r = e / BlockDepth, p = e % BlockDepth;
                aTile[e] = blockRow + r < m && step + p < k ? a[(blockRow + r) * k + step + p] : 0f;
                int q = e / BlockTile, j = e % BlockTile;
                bTile[e] = step + q < k && blockColumn + j < n ? b[(step + q) * n + blockColumn + j] : 0f;
            }
            Group.Barrier();
            for (var p = 0; p < BlockDepth; p++)
            {
                var bRow = new Float4(
                    bTile[p * BlockTile + 4 * x], bTile[p * BlockTile + 4 * x + 1],
                    bTile[p * BlockTile + 4 * x + 2], bTile[p * BlockTile + 4 * x + 3]);
                row0 += aTile[(4 * y) * BlockDepth + p] * bRow;
                row1 += aTile[(4 * y + 1) * BlockDepth + p] * bRow;
                row2 += aTile[(4 * y + 2) * BlockDepth + p] * bRow;
                row3 += aTile[(4 * y + 3) * BlockDepth + p] * bRow;
            }
            Group.Barrier();
        }
        var column = blockColumn + 4 * x;
        StoreScalars(c, row0, blockRow + 4 * y, column, m, n);
        StoreScalars(c, row1, blockRow + 4 * y + 1, column, m, n);
        StoreScalars(c, row2, blockRow + 4 * y + 2, column, m, n);
        StoreScalars(c, row3, blockRow + 4 * y + 3, column, m, n);
    }

    /// <summary>
    /// Kernel 5, vectorized loads: <see cref="RegisterBlocked"/> with every memory access 128 bits wide.
    /// Requires k and n to be multiples of 4, so that every row of A, B and C starts on a 16-byte boundary;
    /// the launcher pads other shapes with zero columns (as BLAS users pad a leading dimension).
    /// </summary>
    /// <remarks>
    /// Global: each thread loads its share of a block tile as one Float4 (<c>ld.global.v4.f32</c>): 256 threads ×
    /// 4 floats is exactly one 64×16 tile of A and one 16×64 tile of B, a quarter of the load instructions.
    /// Shared: A's tile is stored transposed (depth-major), so the 4 A values a thread needs at depth p are
    /// contiguous too; the inner step is then 2 shared loads of 128 bits for 16 FMAs (1/8 of a load a FMA):
    /// about 3 shared-memory cycles a warp (a broadcast A column, 256 bytes of B rows) for 16 FMA cycles, so
    /// the inner loop is bound by arithmetic, and lanes x and x+8 no longer conflict.
    /// C is stored one Float4 a row. <c>AsAligned16</c> tells ILGPU's compiler that the views are 16-byte
    /// aligned; without it, it cannot prove the vector loads legal and emits scalar ones.
    /// </remarks>
    public static void Vectorized(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        var a4 = a.AsAligned16().Cast<Float4>();
        var b4 = b.AsAligned16().Cast<Float4>();
        var c4 = c.AsAligned16().Cast<Float4>();
        var aTileTransposed = SharedMemory.Allocate<Float4>(BlockDepth * BlockTile / 4); // A[r, p] at float p·64 + r
        var aTileFloats = aTileTransposed.Cast<float>();
        var bTile = SharedMemory.Allocate<Float4>(BlockDepth * BlockTile / 4);           // B[p, j] at float p·64 + j
        var x = Group.IdxX;
        var y = Group.IdxY;
        var thread = y * ThreadsPerSide + x;
        var blockRow = Grid.IdxY * BlockTile;
        var blockColumn = Grid.IdxX * BlockTile;
        // The Float4 this thread copies: A[aRow, 4 floats from aDepth], B[bDepth, 4 floats from bColumn].
        int aRow = thread / (BlockDepth / 4), aDepth = thread % (BlockDepth / 4) * 4;
        int bDepth = thread / (BlockTile / 4), bColumn = thread % (BlockTile / 4) * 4;

        Float4 row0 = 0f, row1 = 0f, row2 = 0f, row3 = 0f;
        for (var step = 0; step < k; step += BlockDepth)
        {
            Float4 fromA = blockRow + aRow < m && step + aDepth < k ? a4[((blockRow + aRow) * k + step + aDepth) / 4] : 0f;
            aTileFloats[aDepth * BlockTile + aRow] = fromA.X;
            aTileFloats[(aDepth + 1) * BlockTile + aRow] = fromA.Y;
            aTileFloats[(aDepth + 2) * BlockTile + aRow] = fromA.Z;
            aTileFloats[(aDepth + 3) * BlockTile + aRow] = fromA.W;
            bTile[bDepth * (BlockTile / 4) + bColumn / 4] = step + bDepth < k && blockColumn + bColumn < n
                ? b4[((step + bDepth) * n + blockColumn + bColumn) / 4]
                : 0f;
            Group.Barrier();
            for (var p = 0; p < BlockDepth; p++)
            {
                var aColumn = aTileTransposed[p * (BlockTile / 4) + y]; // A[4y..4y+3, p]
                var bRow = bTile[p * (BlockTile / 4) + x];              // B[p, 4x..4x+3]
                row0 += aColumn.X * bRow;
                row1 += aColumn.Y * bRow;
                row2 += aColumn.Z * bRow;
                row3 += aColumn.W * bRow;
            }
            Group.Barrier();
        }
        var column = blockColumn + 4 * x;
        StoreVector(c4, row0, blockRow + 4 * y, column, m, n);
        StoreVector(c4, row1, blockRow + 4 * y + 1, column, m, n);
        StoreVector(c4, row2, blockRow + 4 * y + 2, column, m, n);
        StoreVector(c4, row3, blockRow + 4 * y + 3, column, m, n);
    }

    /// <summary>Writes C[row, column..column+3], leaving out what lies outside the m×n matrix.</summary>
    private static void StoreScalars(ArrayView<float> c, Float4 values, int row, int column, int m, int n)
    {
        if (row >= m)
        {
            return;
        }
        var start = row * n + column;
        if (column < n) c[start] = values.X;
        if (column + 1 < n) c[start + 1] = values.Y;
        if (column + 2 < n) c[start + 2] = values.Z;
        if (column + 3 < n) c[start + 3] = values.W;
    }

    /// <summary>Writes C[row, column..column+3] as one 128-bit store; n is a multiple of 4, so it is all in or all out.</summary>
    private static void StoreVector(ArrayView<Float4> c4, Float4 values, int row, int column, int m, int n)
    {
        if (row < m && column < n)
        {
            c4[(row * n + column) / 4] = values;
        }
    }
}

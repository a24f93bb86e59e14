using ILGPU;

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// C = A·B for row-major A (m×k), B (k×n) and C (m×n): C[i,j] = Σ_p A[i,p]·B[p,j]. Seven kernels, each
/// one idea faster than the one before: 1-3 here, 4 and 5 in <c>MatMulKernels.RegisterTiles.cs</c>, 6 in
/// <c>MatMulKernels.WarpTiles.cs</c>, 7 in <c>MatMulKernels.DoubleBuffered.cs</c>; the eighth version,
/// <see cref="MatMulVersion.Autotuned"/>, runs kernel 7 in the tile shape that <see cref="MatMulAutotuner"/> found
/// fastest for the product.
/// </summary>
/// <remarks>
/// <para>Napkin math for m = n = k = 4096 on an H100 SXM (66.9 TFLOPS fp32, 3.35 TB/s):
/// 2mnk = 137 GFLOP, 2.1 ms at peak; the compulsory traffic (read A and B, write C) is 3·4096²·4 B = 201 MB,
/// 0.06 ms. Matrix multiplication is compute-bound, but only for a kernel that reuses what it loads:
/// each element of A and B takes part in 4096 products.</para>
/// <para>Every version launches groups of 256 threads (two of the autotuner's tile shapes: 128), and any m, k, n
/// works, multiples of the tile or not (k and n padded to multiples of 4 for the 128-bit versions): threads past
/// the edge of C return at once in the first two versions; in the tiled ones they still copy (zeros, for elements
/// past the edge of A or B) and wait at the barriers, and only skip the store.</para>
/// </remarks>
public static partial class MatMulKernels
{
    /// <summary>Naive and coalesced: a group is 8 warps of 32 threads; the 32 lanes of a warp run along one axis of C.</summary>
    public const int LanesPerWarp = 32;

    public const int WarpsPerGroup = 8;

    /// <summary>Tiled: a group computes a 16×16 tile of C with one thread an output.</summary>
    public const int Tile = 16;

    /// <summary>
    /// Kernel 1, naive: one thread an output, and the 32 lanes of a warp take 32 consecutive ROWS of C
    /// (one column). Thread (i, j) reads row i of A and column j of B from global memory: 2k loads for 2k flops.
    /// </summary>
    /// <remarks>
    /// Per multiply-add (2 flops) a thread loads 8 bytes: 0.25 flop a byte if nothing were cached, a cap of
    /// ~0.8 TFLOPS at 3.35 TB/s. Memory pattern, per step p, for one warp: the 32 lanes read A[i..i+31, p],
    /// 32 addresses k floats apart: 32 separate 32-byte sectors with 4 useful bytes each (the next steps find
    /// the rest in L1 only if it still holds them); B[p, j] is one address, broadcast; the store
    /// C[i..i+31, j] is scattered the same way. Launch: grid (⌈m/32⌉, ⌈n/8⌉), 256 threads.
    /// </remarks>
    public static void Naive(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        var row = Grid.IdxX * LanesPerWarp + Group.IdxX % LanesPerWarp;
        var column = Grid.IdxY * WarpsPerGroup + Group.IdxX / LanesPerWarp;
        if (row >= m || column >= n)
        {
            return;
        }
        var sum = 0f;
        for (var p = 0; p < k; p++)
        {
            sum += a[row * k + p] * b[p * n + column];
        }
        c[row * n + column] = sum;
    }

    /// <summary>
    /// Kernel 2, coalesced: the same arithmetic, but the 32 lanes of a warp take 32 consecutive COLUMNS of C
    /// (one row). The only change from <see cref="Naive"/> is which index the fast thread index moves.
    /// </summary>
    /// <remarks>
    /// Memory pattern, per step p, for one warp: B[p, j..j+31] is 128 contiguous bytes, one request (the memory
    /// system coalesces the 32 loads); A[i, p] is one address, broadcast; the store of C is one contiguous row
    /// segment. Every multiply-add still needs 2 load instructions, now served mostly by L1 and L2: the limit
    /// is cache bandwidth and load issue, no longer DRAM sectors. Launch: grid (⌈n/32⌉, ⌈m/8⌉), 256 threads.
    /// </remarks>
    public static void Coalesced(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        var column = Grid.IdxX * LanesPerWarp + Group.IdxX % LanesPerWarp;
        var row = Grid.IdxY * WarpsPerGroup + Group.IdxX / LanesPerWarp;
        if (row >= m || column >= n)
        {
            return;
        }
        var sum = 0f;
        for (var p = 0; p < k; p++)
        {
            sum += a[row * k + p] * b[p * n + column];
        }
        c[row * n + column] = sum;
    }

    /// <summary>
    /// Kernel 3, shared-memory tiling: a 16×16 group computes a 16×16 tile of C. It walks along k in steps of
    /// 16; at each step the group copies a 16×16 tile of A and one of B into shared memory (one element a
    /// thread), waits at a barrier, and every thread then runs 16 multiply-adds out of shared memory.
    /// </summary>
    /// <remarks>
    /// Each element loaded from global memory now serves 16 threads: global traffic falls 16x, to 1/8 of a load
    /// per FMA. The new limit is shared memory: still 2 shared loads per FMA. Shared memory serves one
    /// warp-wide load a clock per SM (the A value is broadcast, the B row is 16 consecutive banks), so two loads
    /// per warp-wide FMA allow 16 FMAs a clock, against the 128 an H100 SM can issue: ~1/8 of peak (~8 TFLOPS).
    /// Two barriers a step: one before reading the tiles (all copies done), one before overwriting them (all
    /// reads done). Launch: grid (⌈n/16⌉, ⌈m/16⌉), groups 16×16; thread (x, y) owns C[row y, column x].
    /// </remarks>
    public static void Tiled(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        var aTile = SharedMemory.Allocate<float>(Tile * Tile);
        var bTile = SharedMemory.Allocate<float>(Tile * Tile);
        var x = Group.IdxX;
        var y = Group.IdxY;
        var row = Grid.IdxY * Tile + y;
        var column = Grid.IdxX * Tile + x;

        var sum = 0f;
        for (var step = 0; step < k; step += Tile)
        {
            // Thread (x, y) copies A[row, step + x] and B[step + y, column]; outside the matrices, a zero.
            aTile[y * Tile + x] = row < m && step + x < k ? a[row * k + step + x] : 0f;
            bTile[y * Tile + x] = step + y < k && column < n ? b[(step + y) * n + column] : 0f;
            Group.Barrier();
            for (var p = 0; p < Tile; p++)
            {
                sum += aTile[y * Tile + p] * bTile[p * Tile + x];
            }
            Group.Barrier();
        }
        if (row < m && column < n)
        {
            c[row * n + column] = sum;
        }
    }
}

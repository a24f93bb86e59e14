using ILGPU;
using ILGPU.Runtime;
using ILGPU.Util;

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// Kernel 7: double buffering. <see cref="WarpTiled{TTiles}"/> with two stages of shared memory, so that copying
/// the next block tile overlaps computing on the current one, and one barrier a depth step instead of two.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>
    /// Kernel 7, double buffering: at each step the group computes on one stage of shared memory while the next
    /// tile's global loads are already in flight into registers; their values are stored into the other stage after
    /// the arithmetic, and one barrier ends the step. Tiles, warps, thread tiles: as <see cref="WarpTiled{TTiles}"/>.
    /// </summary>
    /// <remarks>
    /// <para>The pipeline, for steps s = 0, 1, ... of depth BlockDepth, stage s mod 2 holding tile s:</para>
    /// <code>
    /// copy tile 0 into stage 0; barrier
    /// for each step s:
    ///     load tile s+1 from global memory into registers   (issued, not waited for)
    ///     compute on stage s mod 2                         (BlockDepth·64 FMAs a thread hide the loads' latency)
    ///     store the registers into stage (s+1) mod 2
    ///     barrier
    /// </code>
    /// <para>Why one barrier is enough: step s writes stage (s+1) mod 2, which step s−1 read; the barrier that ended
    /// step s−1 came after every thread's reads of it. And the barrier that ends step s comes after every thread's
    /// stores, before step s+1 reads them. <see cref="WarpTiled{TTiles}"/> needed a second barrier because it
    /// overwrote the stage it had just read.</para>
    /// <para>What it buys: in <see cref="WarpTiled{TTiles}"/> a warp waits out a global load's latency (~500 ns
    /// from DRAM, ~200 from L2) at every step unless other warps of the SM have work; here the loads of step s+1 are
    /// issued before the 1024 FMAs (depth 16 × 64) of step s, which take a warp ≥ 256 cycles (~130 ns at 1.98 GHz)
    /// while the SM's other warps interleave, so little of that latency is left to wait out. The cost: the tile
    /// copies held across the arithmetic, 16 registers (4 Float4) more a thread, and twice the shared memory: 2 ×
    /// 16.6 KB = 33 KB a group for 128×128×16, which still lets an H100 SM (228 KB) host as many groups as its
    /// registers allow (2 if ptxas keeps a thread within 128; <c>gpu-check.sh</c>'s <c>ptxas -v</c> says). Not yet
    /// timed on a GPU: this is the expectation the lab will check. Launch: as <see cref="WarpTiled{TTiles}"/>.</para>
    /// </remarks>
    public static void DoubleBuffered<TTiles>(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
        where TTiles : struct, IWarpTileShape
    {
        var aStage = TTiles.BlockDepth * (TTiles.BlockRows + 4) / 4;  // Float4s of A's transposed tile, one stage
        var bStage = TTiles.BlockDepth * TTiles.BlockColumns / 4;
        var aTiles = SharedMemory.Allocate<Float4>(2 * aStage);
        var bTiles = SharedMemory.Allocate<Float4>(2 * bStage);
        var at = WarpTilePlace.Of<TTiles>(Grid.IdxY * TTiles.BlockRows, Grid.IdxX * TTiles.BlockColumns);
        var a4 = a.AsAligned16().Cast<Float4>();
        var b4 = b.AsAligned16().Cast<Float4>();

        TileCopies.Load<TTiles>(a4, b4, at, 0, m, k, n).Store<TTiles>(aTiles.SubView(0, aStage), bTiles.SubView(0, bStage), at);
        Group.Barrier();
        var tile = default(OutputTile);
        var stage = 0;
        for (var step = 0; step < k; step += TTiles.BlockDepth)
        {
            var next = step + TTiles.BlockDepth;
            // Past the last step the loads return zeros without touching memory; their stores go to the stage
            // nobody reads again, so no branch is needed around them.
            var copies = TileCopies.Load<TTiles>(a4, b4, at, next, m, k, n);
            tile = AddWarpTileProducts<TTiles>(tile, aTiles.SubView(stage * aStage, aStage), bTiles.SubView(stage * bStage, bStage), at);
            stage = 1 - stage;
            copies.Store<TTiles>(aTiles.SubView(stage * aStage, aStage), bTiles.SubView(stage * bStage, bStage), at);
            Group.Barrier();
        }
        StoreWarpTile<TTiles>(c.AsAligned16().Cast<Float4>(), tile, at, m, n);
    }
}

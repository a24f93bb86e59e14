using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Util;

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// Kernel 6: warp tiling (siboehm's "How to optimize a CUDA matmul kernel", kernel 10). The block tile of C is cut
/// into one tile a warp, and each warp's tile into 8×8 tiles a thread, laid out so that a warp's shared loads
/// touch at most 128 contiguous bytes each; 128-bit global and shared loads, k and n multiples of 4 (as
/// <see cref="Vectorized"/>). <c>MatMulKernels.DoubleBuffered.cs</c> builds kernel 7 on the same pieces.
/// </summary>
/// <remarks>
/// <para>Tensor cores (checked for ILGPU 1.5.3, the version this project uses): ILGPU has no API for them. Its
/// public surface (ILGPU.xml of the package) holds no WMMA fragment type, no <c>mma</c>/<c>wmma</c> intrinsic and
/// no TF32 type; <c>ILGPU.Half</c> is a scalar type whose arithmetic becomes scalar fp16 instructions. What it does
/// have is inline PTX: <c>ILGPU.Runtime.Cuda.CudaAsm.Emit(string)</c> and <c>EmitRef(string, ref T0, ...)</c> (up
/// to 44 operands, each an <c>Input&lt;T&gt;</c>, <c>Output&lt;T&gt;</c> or <c>Ref&lt;T&gt;</c>). A probe kernel
/// that passed <c>"mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9},
/// {%0, %1, %2, %3};"</c> with 4 <c>Ref&lt;float&gt;</c> accumulators and 6 <c>Input&lt;uint&gt;</c> fragments
/// compiled with <see cref="Diagnostics.PtxInspector"/> to PTX 8.0 for sm_80 holding that instruction verbatim: a
/// tensor-core SGEMM is expressible, its fragments laid out by hand. None is written here, for two reasons: inline
/// PTX runs only on CUDA (<c>CudaAsm.IsSupported</c> is false elsewhere, and the CPU accelerator that runs every
/// test here cannot execute it, so such a kernel could be validated only on a GPU, and this family's every version
/// runs in the CPU tests and lab); and TF32 keeps 10 bits of mantissa, so its products miss this family's fp32
/// tolerance (4·k·2⁻²³·max|a|·max|b|) by an order of magnitude at k = 4096: it computes a different thing than
/// SGEMM, and would need its own validation (or the 3×TF32 split, three MMAs a product, to recover fp32 accuracy).</para>
/// </remarks>
public static partial class MatMulKernels
{
    /// <summary>
    /// Kernel 6, warp tiling: a group computes a BlockRows×BlockColumns block of C (128×128 for the lab's
    /// <see cref="MatMulVersion.WarpTiled"/>); each warp a WarpRows×WarpColumns part of it (64×32); each thread an
    /// 8×8 tile of C in registers: two runs of 4 rows WarpRows/2 apart × two runs of 4 columns WarpColumns/2 apart.
    /// </summary>
    /// <remarks>
    /// <para>What changes from <see cref="Vectorized"/>: which threads share a warp. There, a warp was 16 threads of
    /// a row × 2 rows spread over the whole 128×128 block: a depth step read 16 Float4 of B (256 bytes, 2
    /// shared-memory wavefronts) for each of its 2 loads of B. Here a warp's 32 threads cover a compact 64×32 tile:
    /// 8 threads down × 4 across, 4 rows and 4 columns apart. At depth p a load of A reads 8 consecutive Float4 (128
    /// bytes, one wavefront, each value broadcast to the 4 threads across) and a load of B 4 consecutive Float4 (64
    /// bytes, broadcast to the 8 threads down): 4 wavefronts a depth step instead of 6, for the same 64 FMAs a
    /// thread (16 cycles of an SM's 128 FP32 lanes a warp). A warp also reads only its 64 rows of A and 32 columns
    /// of B from shared memory, not the whole tile: (64 + 32)·4 B a depth for 2048 outputs.</para>
    /// <para>Depth 16 instead of 8: each barrier pair now serves 16 depth steps, half as many barriers for the same
    /// k, and each thread issues 2 Float4 loads of A and 2 of B before the stores, twice the bytes in flight. Shared
    /// memory: A's tile 16×132 floats (transposed, padded) + B's 16×128, 16.6 KB a group.</para>
    /// <para>Global: a block tile is 128×16 of A (a warp reads 8 rows × 64 bytes, two full 32-byte sectors a row)
    /// and 16×128 of B (a warp reads a contiguous 512-byte run). Each element copied serves 128 FMAs, as before.
    /// The transposed stores of A: a warp's 32 stores of one Float4 component go to 8 rows × 4 depths 4 apart, banks
    /// r + 4d mod 32 with 4d ∈ {0, 16, 32, 48}: a 2-way conflict, 4 stores a thread per 16 depth steps (with depth 8,
    /// 16 rows × 2 depths, none).</para>
    /// <para>Napkin math for 4096³ on an H100: 1024 groups of 256 threads; 16.6 KB of shared memory a group, so
    /// registers set how many groups an SM hosts: 2 if ptxas keeps a thread within 128 (Vectorized's took 90;
    /// <c>gpu-check.sh</c>'s <c>ptxas -v</c> says), 3.9 waves of 264 groups. The inner loop is still 4 shared loads
    /// for 64 FMAs; what it buys is fewer shared wavefronts (4 not 6 a step) and half the barriers, the two costs
    /// left beside the arithmetic in <see cref="Vectorized"/> (0.61 of cuBLAS on an H200). Not yet timed on a GPU: this is the expectation the lab will check.
    /// Launch: grid (⌈n/BlockColumns⌉, ⌈m/BlockRows⌉), groups of <see cref="WarpTileShape.Threads"/> (1-D).</para>
    /// </remarks>
    public static void WarpTiled<TTiles>(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
        where TTiles : struct, IWarpTileShape
    {
        var aTileTransposed = SharedMemory.Allocate<Float4>(TTiles.BlockDepth * (TTiles.BlockRows + 4) / 4);
        var bTile = SharedMemory.Allocate<Float4>(TTiles.BlockDepth * TTiles.BlockColumns / 4);
        var at = WarpTilePlace.Of<TTiles>(Grid.IdxY * TTiles.BlockRows, Grid.IdxX * TTiles.BlockColumns);
        var a4 = a.AsAligned16().Cast<Float4>();
        var b4 = b.AsAligned16().Cast<Float4>();

        var tile = default(OutputTile);
        for (var step = 0; step < k; step += TTiles.BlockDepth)
        {
            var copies = TileCopies.Load<TTiles>(a4, b4, at, step, m, k, n);
            copies.Store<TTiles>(aTileTransposed, bTile, at);
            Group.Barrier();
            tile = AddWarpTileProducts<TTiles>(tile, aTileTransposed, bTile, at);
            Group.Barrier();
        }
        StoreWarpTile<TTiles>(c.AsAligned16().Cast<Float4>(), tile, at, m, n);
    }

    /// <summary>
    /// Where a thread of a warp-tiled group works: its block of C (<see cref="BlockRow"/>, <see cref="BlockColumn"/>),
    /// the first row and column of its 8×8 tile inside the block, and the first Float4 of A's and of B's tile it copies.
    /// </summary>
    private readonly struct WarpTilePlace
    {
        public readonly int BlockRow, BlockColumn, Row, Column, ARow, ADepth, BDepth, BColumn;

        private WarpTilePlace(int blockRow, int blockColumn, int row, int column, int aRow, int aDepth, int bDepth, int bColumn) =>
            (BlockRow, BlockColumn, Row, Column, ARow, ADepth, BDepth, BColumn) = (blockRow, blockColumn, row, column, aRow, aDepth, bDepth, bColumn);

        /// <summary>
        /// Warp w of the group takes the w-th warp tile, row-major across the block; lane l of the warp takes row
        /// 4·(l / T) and column 4·(l mod T) of it, T = WarpColumns/8 threads across. Thread t copies the Float4s
        /// t, t + threads, ... of A's tile (BlockDepth/4 to a row) and of B's (BlockColumns/4 to a row).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static WarpTilePlace Of<TTiles>(int blockRow, int blockColumn) where TTiles : struct, IWarpTileShape
        {
            var thread = Group.IdxX;
            var warp = thread / LanesPerWarp;
            var lane = thread % LanesPerWarp;
            var warpsAcross = TTiles.BlockColumns / TTiles.WarpColumns;
            var threadsAcross = TTiles.WarpColumns / 8;
            var row = warp / warpsAcross * TTiles.WarpRows + lane / threadsAcross * 4;
            var column = warp % warpsAcross * TTiles.WarpColumns + lane % threadsAcross * 4;
            var aFloat4sPerRow = TTiles.BlockDepth / 4;
            var bFloat4sPerRow = TTiles.BlockColumns / 4;
            return new WarpTilePlace(blockRow, blockColumn, row, column,
                thread / aFloat4sPerRow, thread % aFloat4sPerRow * 4, thread / bFloat4sPerRow, thread % bFloat4sPerRow * 4);
        }
    }

    /// <summary>
    /// One thread's share of a block tile in registers: up to 4 Float4 of A and 4 of B (how many is a constant of the
    /// tile shape; the unused fields cost nothing, the branches on constants fold away). Named fields rather than an
    /// array: ILGPU would put an indexed array in local memory.
    /// </summary>
    private struct TileCopies
    {
        public Float4 A0, A1, A2, A3, B0, B1, B2, B3;

        /// <summary>
        /// Loads the thread's Float4s of A[blockRow.., step..] and B[step.., blockColumn..]; zeros past the edge of
        /// A or B (k and n are multiples of 4, so a Float4 is all inside or all outside). All loads are issued before
        /// any is used, so they are in flight together.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TileCopies Load<TTiles>(ArrayView<Float4> a4, ArrayView<Float4> b4, WarpTilePlace at, int step, int m, int k, int n)
            where TTiles : struct, IWarpTileShape
        {
            var threads = TTiles.BlockRows / TTiles.WarpRows * (TTiles.BlockColumns / TTiles.WarpColumns) * LanesPerWarp;
            var aCopies = TTiles.BlockRows * TTiles.BlockDepth / 4 / threads;
            var bCopies = TTiles.BlockDepth * TTiles.BlockColumns / 4 / threads;
            var aRowStep = threads * 4 / TTiles.BlockDepth;    // rows between a thread's copies of A
            var bDepthStep = threads * 4 / TTiles.BlockColumns; // depths between its copies of B
            var copies = default(TileCopies);
            copies.A0 = LoadA(a4, at.BlockRow + at.ARow, step + at.ADepth, m, k);
            if (aCopies > 1) copies.A1 = LoadA(a4, at.BlockRow + at.ARow + aRowStep, step + at.ADepth, m, k);
            if (aCopies == 4) copies.A2 = LoadA(a4, at.BlockRow + at.ARow + 2 * aRowStep, step + at.ADepth, m, k);
            if (aCopies == 4) copies.A3 = LoadA(a4, at.BlockRow + at.ARow + 3 * aRowStep, step + at.ADepth, m, k);
            copies.B0 = LoadB(b4, step + at.BDepth, at.BlockColumn + at.BColumn, k, n);
            if (bCopies > 1) copies.B1 = LoadB(b4, step + at.BDepth + bDepthStep, at.BlockColumn + at.BColumn, k, n);
            if (bCopies == 4) copies.B2 = LoadB(b4, step + at.BDepth + 2 * bDepthStep, at.BlockColumn + at.BColumn, k, n);
            if (bCopies == 4) copies.B3 = LoadB(b4, step + at.BDepth + 3 * bDepthStep, at.BlockColumn + at.BColumn, k, n);
            return copies;
        }

        /// <summary>Stores the copies into one stage of shared memory: A transposed (A[r, p] at float p·(BlockRows + 4) + r), B as it is.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store<TTiles>(ArrayView<Float4> aTileTransposed, ArrayView<Float4> bTile, WarpTilePlace at)
            where TTiles : struct, IWarpTileShape
        {
            var threads = TTiles.BlockRows / TTiles.WarpRows * (TTiles.BlockColumns / TTiles.WarpColumns) * LanesPerWarp;
            var aCopies = TTiles.BlockRows * TTiles.BlockDepth / 4 / threads;
            var bCopies = TTiles.BlockDepth * TTiles.BlockColumns / 4 / threads;
            var aRowStep = threads * 4 / TTiles.BlockDepth;
            var bDepthStep = threads * 4 / TTiles.BlockColumns;
            var aFloats = aTileTransposed.Cast<float>();
            var aStride = TTiles.BlockRows + 4;
            var bFloat4sPerRow = TTiles.BlockColumns / 4;
            StoreTransposed(aFloats, A0, at.ADepth * aStride + at.ARow, aStride);
            if (aCopies > 1) StoreTransposed(aFloats, A1, at.ADepth * aStride + at.ARow + aRowStep, aStride);
            if (aCopies == 4) StoreTransposed(aFloats, A2, at.ADepth * aStride + at.ARow + 2 * aRowStep, aStride);
            if (aCopies == 4) StoreTransposed(aFloats, A3, at.ADepth * aStride + at.ARow + 3 * aRowStep, aStride);
            var bStart = at.BDepth * bFloat4sPerRow + at.BColumn / 4;
            bTile[bStart] = B0;
            if (bCopies > 1) bTile[bStart + bDepthStep * bFloat4sPerRow] = B1;
            if (bCopies == 4) bTile[bStart + 2 * bDepthStep * bFloat4sPerRow] = B2;
            if (bCopies == 4) bTile[bStart + 3 * bDepthStep * bFloat4sPerRow] = B3;
        }

        private static Float4 LoadA(ArrayView<Float4> a4, int row, int depth, int m, int k) =>
            row < m && depth < k ? a4[(row * k + depth) / 4] : 0f;

        private static Float4 LoadB(ArrayView<Float4> b4, int depth, int column, int k, int n) =>
            depth < k && column < n ? b4[(depth * n + column) / 4] : 0f;

        /// <summary>A[r, p..p+3] into the transposed tile: four floats, one a depth, <paramref name="stride"/> apart.</summary>
        private static void StoreTransposed(ArrayView<float> aFloats, Float4 value, int start, int stride)
        {
            aFloats[start] = value.X;
            aFloats[start + stride] = value.Y;
            aFloats[start + 2 * stride] = value.Z;
            aFloats[start + 3 * stride] = value.W;
        }
    }

    /// <summary>
    /// Adds A[tile rows, 0..BlockDepth) · B[0..BlockDepth), tile columns] to a thread's 8×8 tile, one depth a step:
    /// the outer product of its 8 values of A's column p (two Float4, WarpRows/2 apart) and its 8 of B's row p (two
    /// Float4, WarpColumns/2 apart). <see cref="OutputTile"/>'s Left/Right halves are here the two column runs, its
    /// rows 0-3 and 4-7 the two row runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static OutputTile AddWarpTileProducts<TTiles>(OutputTile t, ArrayView<Float4> aTileTransposed, ArrayView<Float4> bTile, WarpTilePlace at)
        where TTiles : struct, IWarpTileShape
    {
        var aFloat4sPerDepth = (TTiles.BlockRows + 4) / 4;
        var bFloat4sPerDepth = TTiles.BlockColumns / 4;
        for (var p = 0; p < TTiles.BlockDepth; p++)
        {
            var aColumn = aTileTransposed.SubView(p * aFloat4sPerDepth + at.Row / 4);
            var bRow = bTile.SubView(p * bFloat4sPerDepth + at.Column / 4);
            var aTop = aColumn[0];
            var aBottom = aColumn[TTiles.WarpRows / 8];  // WarpRows/2 floats on
            var bLeft = bRow[0];
            var bRight = bRow[TTiles.WarpColumns / 8];   // WarpColumns/2 floats on
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

    /// <summary>Writes a thread's 8×8 tile into C as 16 Float4 stores, leaving out rows past m and columns past n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWarpTile<TTiles>(ArrayView<Float4> c4, OutputTile tile, WarpTilePlace at, int m, int n)
        where TTiles : struct, IWarpTileShape
    {
        var row = at.BlockRow + at.Row;
        var column = at.BlockColumn + at.Column;
        var lowerRow = row + TTiles.WarpRows / 2;
        var rightOffset = TTiles.WarpColumns / 2;
        StoreTwoVectorsApart(c4, tile.Left0, tile.Right0, row, column, rightOffset, m, n);
        StoreTwoVectorsApart(c4, tile.Left1, tile.Right1, row + 1, column, rightOffset, m, n);
        StoreTwoVectorsApart(c4, tile.Left2, tile.Right2, row + 2, column, rightOffset, m, n);
        StoreTwoVectorsApart(c4, tile.Left3, tile.Right3, row + 3, column, rightOffset, m, n);
        StoreTwoVectorsApart(c4, tile.Left4, tile.Right4, lowerRow, column, rightOffset, m, n);
        StoreTwoVectorsApart(c4, tile.Left5, tile.Right5, lowerRow + 1, column, rightOffset, m, n);
        StoreTwoVectorsApart(c4, tile.Left6, tile.Right6, lowerRow + 2, column, rightOffset, m, n);
        StoreTwoVectorsApart(c4, tile.Left7, tile.Right7, lowerRow + 3, column, rightOffset, m, n);
    }
}

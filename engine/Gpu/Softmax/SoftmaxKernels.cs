using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Algorithms;

namespace DeepLearning.Gpu.Softmax;

/// <summary>
/// Row softmax of a row-major (rows × columns) matrix: y[i,j] = exp(x[i,j] − mᵢ) / Σ_q exp(x[i,q] − mᵢ), with
/// mᵢ = max_q x[i,q]. Subtracting the row maximum changes nothing mathematically (it cancels between numerator
/// and denominator) and keeps every exp in (0, 1], so no input overflows float (exp(89) already does).
/// </summary>
/// <remarks>
/// Napkin math: the compulsory traffic is one read of x and one write of y, 8 bytes an element, and ~10 flops
/// an element (an exp is a few instructions), so softmax is bandwidth-bound: a 4096×4096 matrix (64 MiB each
/// way) takes at least 40 µs at 3.35 TB/s. GB/s is counted on those 8 bytes an element, whatever a version
/// really moves.
/// </remarks>
public static partial class SoftmaxKernels
{
    /// <summary>
    /// Kernel 1, one thread a row, three passes over the row: its maximum, the sum of exp(x − max), then the
    /// outputs. Simple and correct, and slow on a GPU.
    /// </summary>
    /// <remarks>
    /// Memory pattern: the 32 lanes of a warp walk 32 different rows, <c>columns</c> floats apart, so no load is
    /// coalesced; the row is read three times (caches catch some of it); and with fewer rows than the GPU has
    /// threads (4096 rows against ~270,000 resident threads on an H100) most of the GPU idles.
    /// Launch: ⌈rows/256⌉ groups of 256.
    /// </remarks>
    public static void OneThreadPerRow(ArrayView<float> x, ArrayView<float> y, int rows, int columns)
    {
        var row = Grid.GlobalIndex.X;
        if (row >= rows)
        {
            return;
        }
        var start = row * columns;
        var max = float.MinValue;
        for (var j = 0; j < columns; j++)
        {
            max = XMath.Max(max, x[start + j]);
        }
        var sum = 0f;
        for (var j = 0; j < columns; j++)
        {
            sum += XMath.Exp(x[start + j] - max);
        }
        var scale = 1f / sum;
        for (var j = 0; j < columns; j++)
        {
            y[start + j] = XMath.Exp(x[start + j] - max) * scale;
        }
    }

    /// <summary>
    /// Kernel 2, fused: one group of 256 threads a row. One pass computes the maximum AND the sum together
    /// (<see cref="OnlineSoftmax.Add"/>: when a larger value arrives, the running sum is rescaled by
    /// exp(old max − new max)); warp shuffles and one barrier merge the 256 partial (max, sum) pairs
    /// (<see cref="OnlineSoftmax.Combine"/>); a second pass writes the outputs.
    /// </summary>
    /// <remarks>
    /// Memory pattern: thread t reads columns t, t + 256, ..., so each warp reads 128 contiguous bytes at a time
    /// (coalesced). x is read twice (the second time often from L2) and y written once: 12 bytes an element
    /// against the 8 compulsory. Launch: one group a row.
    /// </remarks>
    public static void OneGroupPerRow(ArrayView<float> x, ArrayView<float> y, int rows, int columns)
    {
        var row = Grid.IdxX;
        if (row >= rows)
        {
            return; // the whole group leaves together, so no thread waits at the barrier below for it
        }
        var start = row * columns;

        // The empty pair: a thread with no columns merges as nothing (see OnlineSoftmax).
        var max = float.MinValue;
        var sum = 0f;
        for (var j = Group.IdxX; j < columns; j += Group.DimX)
        {
            OnlineSoftmax.Add(ref max, ref sum, x[start + j]);
        }

        CombineOverGroup(ref max, ref sum);
        var scale = 1f / sum;
        for (var j = Group.IdxX; j < columns; j += Group.DimX)
        {
            y[start + j] = XMath.Exp(x[start + j] - max) * scale;
        }
    }

    /// <summary>
    /// Turns every thread's (max, sum) pair into the group's: warp shuffles merge each warp's 32 pairs
    /// (<see cref="OnlineSoftmax.Combine"/>), lane 0 leaves its warp's pair in shared memory, and after one barrier
    /// every thread merges the 8 warp pairs itself (cheaper than a second barrier to broadcast one result).
    /// Every thread of the group must call it.
    /// </summary>
    internal static void CombineOverGroup(ref float max, ref float sum)
    {
        var warpMaxima = SharedMemory.Allocate<float>(AcceleratorSession.GroupSize);
        var warpSums = SharedMemory.Allocate<float>(AcceleratorSession.GroupSize);
        for (var offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
        {
            var otherMax = Warp.ShuffleDown(max, offset);
            var otherSum = Warp.ShuffleDown(sum, offset);
            OnlineSoftmax.Combine(ref max, ref sum, otherMax, otherSum);
        }
        if (Warp.IsFirstLane)
        {
            warpMaxima[Warp.WarpIdx] = max;
            warpSums[Warp.WarpIdx] = sum;
        }
        Group.Barrier();

        max = float.MinValue;
        sum = 0f;
        for (var w = 0; w < Group.DimX / Warp.WarpSize; w++)
        {
            OnlineSoftmax.Combine(ref max, ref sum, warpMaxima[w], warpSums[w]);
        }
    }
}

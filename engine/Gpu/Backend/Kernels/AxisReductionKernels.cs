using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using ILGPU;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>
/// Folds a strided tensor over any set of axes: y[o] = fold of x over the reduced axes, for every output o
/// (an index of the kept axes, row-major). The host splits x's axes into the kept ones and the reduced ones
/// and merges each set (<see cref="LayoutBuilder"/>): element (o, r) of x is at
/// kept.Locate(o) + reduced.Locate(r).
/// </summary>
public static class AxisReductionKernels
{
    /// <summary>
    /// A group of 256 threads computes <paramref name="outputsPerGroup"/> outputs (G, a power of two), with
    /// 256/G threads on each: thread t serves output t mod G and folds every (256/G)-th reduced element. The
    /// partial results are then combined in two steps: warp shuffles join the parts that share a warp (they sit
    /// G lanes apart, when G &lt; 32), and after ONE barrier the first thread of each output folds the partials
    /// the other warps left in shared memory.
    /// </summary>
    /// <remarks>
    /// The host picks G: 256 (a thread an output, nothing to combine) for short folds; 1 (the whole group on
    /// one output: 5 shuffles, a barrier, 8 partials) for long folds over few outputs, such as a loss or a bias
    /// gradient; 32 for thousands of outputs with long folds, where the 32 lanes of a warp read 32 neighbouring
    /// outputs (coalesced when the kept axis is the contiguous one). One barrier instead of a tree's eight
    /// matters little on a GPU and a lot on the CPU accelerator, where a barrier costs milliseconds. Partials
    /// accumulate in float through <c>TReduction.Combine</c>; combining them in another order than the
    /// reference's left-to-right fold rounds differently, by a few ulps of the sum.
    /// </remarks>
    public static void Reduce<TReduction>(
        ArrayView<float> x, OperandStrides keptAt, LaunchShape kept, OperandStrides reducedAt, LaunchShape reduced,
        ArrayView<float> y, int outputsPerGroup)
        where TReduction : IReduction
    {
        var partials = SharedMemory.Allocate<float>(AcceleratorSession.GroupSize);
        var thread = Group.IdxX;
        var parts = Group.DimX / outputsPerGroup;
        var output = Grid.IdxX * outputsPerGroup + thread % outputsPerGroup;

        var value = TReduction.Identity;
        if (output < kept.Count)
        {
            var start = keptAt.Locate(kept.Unravel(output));
            for (var r = thread / outputsPerGroup; r < reduced.Count; r += parts)
            {
                value = (float)TReduction.Combine(value, x[start + reducedAt.Locate(reduced.Unravel(r))]);
            }
        }

        // Within a warp: lane l takes in lane l + d, the same output's part d/G further on.
        for (var distance = Warp.WarpSize / 2; distance >= outputsPerGroup; distance /= 2)
        {
            value = (float)TReduction.Combine(value, Warp.ShuffleDown(value, distance));
        }
        // Across warps: output o's partials are now at o, o + s, o + 2s, ... with s = max(G, 32).
        var spacing = outputsPerGroup > Warp.WarpSize ? outputsPerGroup : Warp.WarpSize;
        var count = Group.DimX / spacing;
        if (count > 1)
        {
            partials[thread] = value;
            Group.Barrier();
            if (thread < outputsPerGroup)
            {
                for (var w = 1; w < count; w++)
                {
                    value = (float)TReduction.Combine(value, partials[thread + w * spacing]);
                }
            }
        }
        if (thread < outputsPerGroup && output < kept.Count)
        {
            y[output] = value;
        }
    }
}

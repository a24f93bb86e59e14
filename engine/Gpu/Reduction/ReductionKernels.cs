using DeepLearning.Gpu.Accelerators;
using ILGPU;

namespace DeepLearning.Gpu.Reduction;

/// <summary>
/// sum[0] += Σ_i x[i] over the first n elements of x. The caller zeroes sum[0] before the launch. Five
/// versions: one atomic an element, a shared-memory tree a group, warp shuffles, then 128-bit loads and four of
/// them in flight a thread (<c>ReductionKernels.Vectorized.cs</c>).
/// </summary>
/// <remarks>
/// <para>Napkin math: a reduction reads 4n bytes and does n additions, 0.25 flop a byte, so it is bound by
/// memory bandwidth on every device: 2²⁶ floats (256 MiB) take at least 80 µs at 3.35 TB/s (H100). The figure
/// to print is GB/s, against the DRAM peak.</para>
/// <para>Floating-point addition is not associative, and atomics land in whatever order the hardware runs
/// them, so the last bits of the sum may change from run to run (and differ between the versions). The tests
/// sum integer-valued floats, whose sums are exact in every order, and so can demand equality.</para>
/// </remarks>
public static partial class ReductionKernels
{
    /// <summary>
    /// Kernel 1, naive: every thread adds its one element straight into sum[0] with an atomic add.
    /// </summary>
    /// <remarks>
    /// The loads are coalesced, but n atomics on ONE address are serialized by the memory system (in L2 on a
    /// GPU): a few billion a second at best, against the ~800 billion floats a second the bandwidth allows.
    /// Launch: ⌈n/256⌉ groups of 256, one thread an element.
    /// </remarks>
    public static void AtomicNaive(ArrayView<float> x, ArrayView<float> sum, int n)
    {
        var i = Grid.GlobalIndex.X;
        if (i < n)
        {
            Atomic.Add(ref sum[0], x[i]);
        }
    }

    /// <summary>
    /// Kernel 2, tree in shared memory: each thread first sums a grid-stride slice of x in a register; the
    /// group then halves its 256 partial sums 8 times in shared memory (a barrier between halvings), and
    /// thread 0 adds the group's total with one atomic.
    /// </summary>
    /// <remarks>
    /// Grid-stride: thread t reads x[t], x[t + T], x[t + 2T]... with T the number of threads in the grid, so
    /// each step of the grid reads one contiguous block of memory (coalesced), and a grid sized to fill the
    /// GPU once does all the work. Halving by "the first half adds the second half" keeps the active threads
    /// contiguous: whole warps retire together, and shared-memory reads are consecutive (no bank conflicts).
    /// Atomics: one a group instead of one an element. Launch: a grid that fills the device once, 256 threads.
    /// </remarks>
    public static void SharedMemoryTree(ArrayView<float> x, ArrayView<float> sum, int n)
    {
        var partials = SharedMemory.Allocate<float>(AcceleratorSession.GroupSize);
        var thread = Group.IdxX;
        partials[thread] = GridStrideSum(x, n);
        Group.Barrier();
        for (var half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (thread < half)
            {
                partials[thread] += partials[thread + half];
            }
            Group.Barrier();
        }
        if (thread == 0)
        {
            Atomic.Add(ref sum[0], partials[0]);
        }
    }

    /// <summary>
    /// Kernel 3, warp shuffles: after the grid-stride sums, each warp adds its 32 partials with 5 register
    /// shuffles (<c>shfl.sync.down</c>, no shared memory, no barrier); lane 0 of each warp leaves the warp's
    /// total in shared memory; after ONE barrier the first warp shuffles those 8 totals into the group's.
    /// </summary>
    /// <remarks>
    /// A shuffle reads another lane's register directly: log₂(32) = 5 steps, and a warp needs no barrier
    /// because its lanes execute together. Against the tree: 1 barrier a group instead of 9, and 8 shared-memory
    /// writes instead of ~1,000 reads and writes. With the grid-stride loop doing nearly all of the work, the
    /// two versions should both run near DRAM bandwidth on large n; the shuffle shows in small n and in softmax,
    /// where a reduction runs for every row.
    /// </remarks>
    public static void WarpShuffle(ArrayView<float> x, ArrayView<float> sum, int n) =>
        AddGroupTotal(GridStrideSum(x, n), sum);

    /// <summary>
    /// sum[0] += the sum of <paramref name="partial"/> over the threads of this group: each warp shuffles its 32
    /// partials into lane 0, which leaves the warp's total in shared memory; after ONE barrier the first warp
    /// shuffles those totals into the group's and adds it with one atomic. Every thread of the group must call it.
    /// </summary>
    internal static void AddGroupTotal(float partial, ArrayView<float> sum)
    {
        var warpTotals = SharedMemory.Allocate<float>(AcceleratorSession.GroupSize);
        var total = WarpSum(partial);
        if (Warp.IsFirstLane)
        {
            warpTotals[Warp.WarpIdx] = total;
        }
        Group.Barrier();
        if (Warp.WarpIdx == 0)
        {
            // The first warp gathers the warp totals; a loop, in case a group has more warps than a warp has lanes.
            var warps = Group.DimX / Warp.WarpSize;
            var gathered = 0f;
            for (var w = Warp.LaneIdx; w < warps; w += Warp.WarpSize)
            {
                gathered += warpTotals[w];
            }
            gathered = WarpSum(gathered);
            if (Warp.IsFirstLane)
            {
                Atomic.Add(ref sum[0], gathered);
            }
        }
    }

    /// <summary>This thread's share of x: x[t] + x[t + T] + x[t + 2T] + ..., T the threads in the grid.</summary>
    internal static float GridStrideSum(ArrayView<float> x, int n)
    {
        var sum = 0f;
        for (var i = Grid.GlobalIndex.X; i < n; i += Grid.DimX * Group.DimX)
        {
            sum += x[i];
        }
        return sum;
    }

    /// <summary>The sum of <paramref name="value"/> over the lanes of this warp, in lane 0 (other lanes hold partial sums).</summary>
    internal static float WarpSum(float value)
    {
        for (var offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
        {
            value += Warp.ShuffleDown(value, offset);
        }
        return value;
    }
}

using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Util;

namespace DeepLearning.Gpu.Reduction;

/// <summary>
/// Kernels 4 and 5: the memory system kept busy. After kernel 3 the arithmetic and the atomics cost nothing; what
/// limits a sum is how many bytes are on their way from DRAM at once.
/// </summary>
/// <remarks>
/// <para>Little's law: bandwidth = bytes in flight / latency. A warp-shuffle thread has one 4-byte load in flight
/// at a time (the add needs it before the loop goes on): 132 SMs × 2048 threads × 4 B = 1.1 MB in flight on an
/// H100 or H200. The H200 measured 2.49 TB/s with it (52 % of 4.8 TB/s), which puts the latency at
/// 1.1 MB / 2.49 TB/s ≈ 430 ns; the peak needs 4.8 TB/s × 430 ns ≈ 2.1 MB in flight, and more, because latency
/// grows as the memory system fills.</para>
/// <para>Both versions read x[0..n) as a <see cref="Float4Split"/>, x starting on a 16-byte boundary (the launcher
/// checks): ⌊n/4⌋ Float4s, and the 0–3 floats after the last one added by the first threads of the grid.</para>
/// </remarks>
public static partial class ReductionKernels
{
    /// <summary>
    /// Kernel 4, 128-bit loads: each grid-stride step reads one Float4 (<c>ld.global.v4.f32</c>) a thread, four
    /// times kernel 3's bytes in flight for the same instructions; then <see cref="AddGroupTotal"/> as in kernel 3.
    /// </summary>
    /// <remarks>
    /// Memory pattern: thread t reads Float4s t, t + T, t + 2T, ... (T threads in the grid): a warp reads 512
    /// contiguous bytes a step, four 128-byte lines. In flight: 270,336 threads × 16 B = 4.3 MB on an H100/H200,
    /// twice the 2.1 MB the peak needs at 430 ns. 2²⁶ floats: 256 MiB in 56 µs at 4.8 TB/s (H200), 80 µs at
    /// 3.35 TB/s (H100). Launch: a grid the device holds at once (<see cref="Grids.ResidentGroups"/>).
    /// </remarks>
    public static void Vectorized(ArrayView<float> x, ArrayView<float> sum, int n)
    {
        var values = x.SubView(0, n);
        var split = new Float4Split(0, n);
        var quads = split.Float4s(values);
        var threads = Grid.DimX * Group.DimX;

        var partial = HeadAndTailShare(values, split);
        var quadSum = new Float4(0f);
        for (var q = Grid.GlobalIndex.X; q < split.Quads; q += threads)
        {
            quadSum += quads[q];
        }
        AddGroupTotal(partial + quadSum.X + quadSum.Y + quadSum.Z + quadSum.W, sum);
    }

    /// <summary>
    /// Kernel 5, four loads in flight: each step of the loop reads four Float4s T apart into four accumulators, so
    /// no add waits for another's load: the four <c>ld.global.v4.f32</c> leave back to back, 64 bytes a thread in
    /// flight. Then <see cref="AddGroupTotal"/> as in kernels 3 and 4.
    /// </summary>
    /// <remarks>
    /// Memory pattern: as kernel 4, four grid-wide steps at once. In flight: 270,336 threads × 64 B = 17 MB, eight
    /// times what the peak needs at 430 ns: the reads stay ahead of the latency even when it doubles under load, or
    /// when registers leave fewer groups resident. A loop of single Float4s finishes the last &lt; 4T of them.
    /// Launch: as kernel 4.
    /// </remarks>
    public static void FourLoadsInFlight(ArrayView<float> x, ArrayView<float> sum, int n)
    {
        var values = x.SubView(0, n);
        var split = new Float4Split(0, n);
        var quads = split.Float4s(values);
        var threads = Grid.DimX * Group.DimX;

        var partial = HeadAndTailShare(values, split);
        Float4 sum0 = new(0f), sum1 = new(0f), sum2 = new(0f), sum3 = new(0f);
        var q = Grid.GlobalIndex.X;
        for (; q + 3 * threads < split.Quads; q += 4 * threads)
        {
            // Four independent loads: none of the adds below needs another's result.
            var a = quads[q];
            var b = quads[q + threads];
            var c = quads[q + 2 * threads];
            var d = quads[q + 3 * threads];
            sum0 += a;
            sum1 += b;
            sum2 += c;
            sum3 += d;
        }
        for (; q < split.Quads; q += threads)
        {
            sum0 += quads[q];
        }
        var quadSum = sum0 + sum1 + sum2 + sum3;
        AddGroupTotal(partial + quadSum.X + quadSum.Y + quadSum.Z + quadSum.W, sum);
    }

    /// <summary>This thread's share of the floats outside the Float4s: thread t of the grid adds head float t and tail float t, where they exist (t &lt; 3).</summary>
    private static float HeadAndTailShare(ArrayView<float> values, Float4Split split)
    {
        var t = Grid.GlobalIndex.X;
        var share = t < split.Head ? values[t] : 0f;
        return t < split.Tail ? share + values[split.TailStart + t] : share;
    }
}

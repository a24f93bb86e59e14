using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Util;

namespace DeepLearning.Gpu.Softmax;

/// <summary>
/// Kernels 3 and 4: rows read 128 bits at a time, then read only once. Each row is cut into a
/// <see cref="Float4Split"/> (x and y start on a 16-byte boundary, the launcher checks; row i starts at float
/// i·columns, so with columns not a multiple of 4 its head of 0–3 floats and its tail are read one float at a time).
/// </summary>
/// <remarks>
/// Napkin math for a 4096×4096 matrix on an H200 (4.8 TB/s, 132 SMs, 50 MB of L2): the compulsory 128 MiB take
/// 28 µs. <see cref="OneGroupPerRow"/> reached 39 % of the peak with one scalar load in flight a thread and a second
/// read of x; the two steps here put 16 and then 64 bytes in flight a thread, and the last one moves only the
/// compulsory 8 bytes an element.
/// </remarks>
public static partial class SoftmaxKernels
{
    /// <summary>
    /// Kernel 3, a warp a row, 128-bit loads: lane l folds Float4s l, l + 32, ... of its row into its online
    /// (max, sum) pair (<see cref="OnlineSoftmax.AddFour"/>), 5 XOR shuffles give every lane the row's pair, and a
    /// second pass reads the row again and writes y a Float4 at a time. No shared memory and no barrier.
    /// </summary>
    /// <remarks>
    /// Memory pattern: a warp reads 512 contiguous bytes a step (four 128-byte lines). Rows of a few hundred columns
    /// keep every lane busy, where a group of 256 on a row of 300 leaves most threads one column or none. On
    /// 4096×4096 (H200): 4096 warps, half the 8,448 the SMs hold, all resident at once, 32 Float4s a lane, one in
    /// flight: 4096 × 32 × 16 B = 2.1 MB in flight, about what the peak needs at ~430 ns. The second read of x
    /// is the catch: every row is read at the same pace, so by the time a warp reads its row again the whole
    /// 64 MiB of x has streamed past the 50 MB L2, and much of it comes from DRAM again: up to 12 bytes an element
    /// for the 8 counted, at most 8/12 = 67 % of the peak on that count. Launch: ⌈rows/8⌉ groups of 256, 8 rows a group.
    /// </remarks>
    public static void WarpPerRowVectorized(ArrayView<float> x, ArrayView<float> y, int rows, int columns)
    {
        var row = Grid.IdxX * (Group.DimX / Warp.WarpSize) + Warp.WarpIdx;
        if (row >= rows)
        {
            return; // the whole warp leaves together; no barrier waits for it
        }
        var xRow = x.SubView(row * columns, columns);
        var yRow = y.SubView(row * columns, columns);
        var split = new Float4Split(row * columns, columns);
        var xQuads = split.Float4s(xRow);
        var yQuads = split.Float4s(yRow);
        var lane = Warp.LaneIdx;

        var max = float.MinValue;
        var sum = 0f;
        AddHeadAndTail(ref max, ref sum, xRow, split, lane);
        for (var q = lane; q < split.Quads; q += Warp.WarpSize)
        {
            OnlineSoftmax.AddFour(ref max, ref sum, xQuads[q]);
        }
        // A butterfly: after the 5 steps every lane holds the pair of all 32, so no broadcast is needed.
        for (var mask = Warp.WarpSize / 2; mask > 0; mask /= 2)
        {
            OnlineSoftmax.Combine(ref max, ref sum, Warp.ShuffleXor(max, mask), Warp.ShuffleXor(sum, mask));
        }

        var scale = 1f / sum;
        WriteHeadAndTail(xRow, yRow, split, lane, max, scale);
        for (var q = lane; q < split.Quads; q += Warp.WarpSize)
        {
            yQuads[q] = Normalized(xQuads[q], max, scale);
        }
    }

    /// <summary>
    /// Kernel 4, the row in registers: a group of 256 a row, each thread loads its four Float4s of the row
    /// (t, t + 256, t + 512, t + 768) at once into registers, folds them in, merges the pairs over the group
    /// (<see cref="CombineOverGroup"/>), and writes y from those registers: x is read once, 8 bytes an element move.
    /// </summary>
    /// <remarks>
    /// Memory pattern: four <c>ld.global.v4.f32</c> a thread, back to back, each a warp-wide 512-byte run. 4 × 256
    /// Float4s = 4096 floats (16 KB) a row fit; a longer row folds its further Float4s in with a loop and reads them
    /// again to write them (the first 4096 floats still move once). On 4096×4096 (H200): 4096 groups, ~4 waves of
    /// 1056; 64 B in flight a thread = 17 MB on the device, eight times what the peak needs; 16 registers of row a
    /// thread. 128 MiB moved for 128 MiB counted: 28 µs at the peak. Launch: one group a row.
    /// </remarks>
    public static void RowInRegisters(ArrayView<float> x, ArrayView<float> y, int rows, int columns)
    {
        var row = Grid.IdxX;
        if (row >= rows)
        {
            return; // the whole group leaves together, so no thread waits at the barrier for it
        }
        var xRow = x.SubView(row * columns, columns);
        var yRow = y.SubView(row * columns, columns);
        var split = new Float4Split(row * columns, columns);
        var xQuads = split.Float4s(xRow);
        var yQuads = split.Float4s(yRow);
        int thread = Group.IdxX, threads = Group.DimX;
        int q0 = thread, q1 = thread + threads, q2 = thread + 2 * threads, q3 = thread + 3 * threads;

        // Four independent loads; a Float4 past the row's end is never folded in or written.
        var v0 = q0 < split.Quads ? xQuads[q0] : new Float4(0f);
        var v1 = q1 < split.Quads ? xQuads[q1] : new Float4(0f);
        var v2 = q2 < split.Quads ? xQuads[q2] : new Float4(0f);
        var v3 = q3 < split.Quads ? xQuads[q3] : new Float4(0f);
        var max = float.MinValue;
        var sum = 0f;
        if (q0 < split.Quads)
        {
            OnlineSoftmax.AddFour(ref max, ref sum, v0);
        }
        if (q1 < split.Quads)
        {
            OnlineSoftmax.AddFour(ref max, ref sum, v1);
        }
        if (q2 < split.Quads)
        {
            OnlineSoftmax.AddFour(ref max, ref sum, v2);
        }
        if (q3 < split.Quads)
        {
            OnlineSoftmax.AddFour(ref max, ref sum, v3);
        }
        for (var q = thread + 4 * threads; q < split.Quads; q += threads)
        {
            OnlineSoftmax.AddFour(ref max, ref sum, xQuads[q]);
        }
        AddHeadAndTail(ref max, ref sum, xRow, split, thread);

        CombineOverGroup(ref max, ref sum);
        var scale = 1f / sum;
        WriteHeadAndTail(xRow, yRow, split, thread, max, scale);
        if (q0 < split.Quads)
        {
            yQuads[q0] = Normalized(v0, max, scale);
        }
        if (q1 < split.Quads)
        {
            yQuads[q1] = Normalized(v1, max, scale);
        }
        if (q2 < split.Quads)
        {
            yQuads[q2] = Normalized(v2, max, scale);
        }
        if (q3 < split.Quads)
        {
            yQuads[q3] = Normalized(v3, max, scale);
        }
        for (var q = thread + 4 * threads; q < split.Quads; q += threads)
        {
            yQuads[q] = Normalized(xQuads[q], max, scale);
        }
    }

    /// <summary>e^(v − max) · scale for each of the four values.</summary>
    private static Float4 Normalized(Float4 v, float max, float scale) => new(
        XMath.Exp(v.X - max) * scale, XMath.Exp(v.Y - max) * scale, XMath.Exp(v.Z - max) * scale, XMath.Exp(v.W - max) * scale);

    /// <summary>Thread t (t &lt; 3) folds in head float t and tail float t of the row, where they exist.</summary>
    private static void AddHeadAndTail(ref float max, ref float sum, ArrayView<float> xRow, Float4Split split, int t)
    {
        if (t < split.Head)
        {
            OnlineSoftmax.Add(ref max, ref sum, xRow[t]);
        }
        if (t < split.Tail)
        {
            OnlineSoftmax.Add(ref max, ref sum, xRow[split.TailStart + t]);
        }
    }

    /// <summary>Thread t (t &lt; 3) writes head float t and tail float t of the row, where they exist.</summary>
    private static void WriteHeadAndTail(ArrayView<float> xRow, ArrayView<float> yRow, Float4Split split, int t, float max, float scale)
    {
        if (t < split.Head)
        {
            yRow[t] = XMath.Exp(xRow[t] - max) * scale;
        }
        if (t < split.Tail)
        {
            yRow[split.TailStart + t] = XMath.Exp(xRow[split.TailStart + t] - max) * scale;
        }
    }
}

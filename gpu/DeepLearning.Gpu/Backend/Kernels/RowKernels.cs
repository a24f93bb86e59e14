using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Softmax;
using ILGPU;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>
/// Kernels over the rows of a row-major (rows × columns) matrix: softmax (or log-softmax) and argmax. Several
/// lanes share a row: they stride along it together (coalesced) and combine their partial results with warp
/// shuffles, and through shared memory when a whole group works on one row.
/// </summary>
public static class RowKernels
{
    /// <summary>
    /// y = softmax of each row of x, or its logarithm (<paramref name="logarithm"/> ≠ 0), with
    /// <paramref name="lanesPerRow"/> threads a row: 32 (a warp, for short rows; 8 rows a group) or 256 (the
    /// group). One pass finds the maximum m and the sum s = Σ e^(x - m) together, the kernel lab's online softmax
    /// (<see cref="OnlineSoftmax"/>); a second writes y = e^(x - m) / s, or x - m - log s.
    /// </summary>
    /// <remarks>
    /// The lanes' partial pairs merge with <see cref="OnlineSoftmax.Combine"/>. The butterfly shuffle (xor) leaves
    /// the warp's pair in every lane, so no broadcast is needed; for a group a row, each warp leaves its pair in
    /// shared memory and, after one barrier, every thread merges the 8. A lane with no columns holds the empty
    /// pair (float.MinValue, 0), which merges as nothing.
    /// </remarks>
    public static void Softmax(ArrayView<float> x, ArrayView<float> y, int rows, int columns, int lanesPerRow, int logarithm)
    {
        var warpMaxima = SharedMemory.Allocate<float>(AcceleratorSession.GroupSize / 32);
        var warpSums = SharedMemory.Allocate<float>(AcceleratorSession.GroupSize / 32);
        var lane = Group.IdxX % lanesPerRow;
        var row = Grid.IdxX * (Group.DimX / lanesPerRow) + Group.IdxX / lanesPerRow;
        var start = row * columns;

        var max = float.MinValue;
        var sum = 0f;
        if (row < rows)
        {
            for (var j = lane; j < columns; j += lanesPerRow)
            {
                OnlineSoftmax.Add(ref max, ref sum, x[start + j]);
            }
        }
        for (var mask = Warp.WarpSize / 2; mask > 0; mask /= 2)
        {
            OnlineSoftmax.Combine(ref max, ref sum, Warp.ShuffleXor(max, mask), Warp.ShuffleXor(sum, mask));
        }
        if (lanesPerRow > Warp.WarpSize)
        {
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
        if (row < rows)
        {
            var logSum = MathF.Log(sum);
            for (var j = lane; j < columns; j += lanesPerRow)
            {
                var shifted = x[start + j] - max;
                y[start + j] = logarithm != 0 ? shifted - logSum : MathF.Exp(shifted) / sum;
            }
        }
    }

    /// <summary>
    /// indices[row] = the index of the row's largest element, one warp a row: the first one on ties, and NaN
    /// is never larger, so the answer is the first maximum of the numbers, unless element 0 is NaN (then 0, as
    /// a left-to-right scan that starts from element 0 never leaves it).
    /// </summary>
    public static void ArgMax(ArrayView<float> x, ArrayView<float> indices, int rows, int columns)
    {
        var row = Grid.GlobalIndex.X / Warp.WarpSize;
        var start = row * columns;
        var best = -1;
        var bestValue = 0f;
        if (row < rows)
        {
            for (var j = Warp.LaneIdx; j < columns; j += Warp.WarpSize)
            {
                var value = x[start + j];
                if (!float.IsNaN(value) && (best < 0 || value > bestValue))
                {
                    best = j;
                    bestValue = value;
                }
            }
        }
        for (var offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
        {
            var other = Warp.ShuffleDown(best, offset);
            var otherValue = Warp.ShuffleDown(bestValue, offset);
            if (other >= 0 && (best < 0 || otherValue > bestValue || (otherValue == bestValue && other < best)))
            {
                best = other;
                bestValue = otherValue;
            }
        }
        if (Warp.IsFirstLane && row < rows)
        {
            indices[row] = best < 0 || float.IsNaN(x[start]) ? 0f : best;
        }
    }
}

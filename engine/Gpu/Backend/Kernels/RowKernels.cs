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
    /// <paramref name="lanesPerRow"/> threads a row: 32 (a warp, for short rows; 8 rows a group), 256 (the
    /// group), or 1 (a thread a row, on the CPU accelerator: see <see cref="Backend.LaunchPlan"/>). One pass finds the maximum m and the sum s = Σ e^(x - m) together, the kernel lab's online softmax
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
        // Lanes of one row are aligned blocks of lanesPerRow (a power of two), so xor with a smaller mask stays in the row.
        for (var mask = (lanesPerRow < Warp.WarpSize ? lanesPerRow : Warp.WarpSize) / 2; mask > 0; mask /= 2)
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
    /// indices[row] = the index of the row's largest element, one warp a row: the first one on ties, and a NaN is
    /// larger than every number (the first NaN wins, as torch.argmax). Each lane scans its columns left to right;
    /// the lanes' candidates then meet in a shuffle tree where the better one wins, the lower index on a tie.
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
                if (Beats(j, value, best, bestValue))
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
            if (Beats(other, otherValue, best, bestValue))
            {
                best = other;
                bestValue = otherValue;
            }
        }
        if (Warp.IsFirstLane && row < rows)
        {
            indices[row] = best;
        }
    }

    /// <summary>
    /// Whether candidate (index, value) should replace the best so far: an index below 0 is no candidate; NaN
    /// outranks numbers; between equals (two NaNs, or equal numbers) the lower index wins.
    /// </summary>
    private static bool Beats(int index, float value, int best, float bestValue)
    {
        if (index < 0)
        {
            return false;
        }
        if (best < 0)
        {
            return true;
        }
        var (valueIsNaN, bestIsNaN) = (float.IsNaN(value), float.IsNaN(bestValue));
        if (valueIsNaN != bestIsNaN)
        {
            return valueIsNaN;
        }
        return valueIsNaN || value == bestValue ? index < best : value > bestValue;
    }
}

using DeepLearning.Gpu.Backend.Kernels;

namespace DeepLearning.Gpu.Backend;

/// <summary>
/// Turns the shape and strides of a few operands into the <see cref="LaunchShape"/> and
/// <see cref="OperandStrides"/> a kernel walks: axes of size 1 are dropped, and an axis is merged into the
/// next inner one when, for every operand, stepping the outer axis equals walking the whole inner one
/// (outer stride = inner stride × inner size). A contiguous tensor becomes one axis; a (512, 256) tensor plus
/// a broadcast row stays two.
/// </summary>
internal static class LayoutBuilder
{
    private const int MaxOperands = 3;

    /// <summary>
    /// Merges the axes <paramref name="axes"/> of <paramref name="shape"/> (in that order, outermost first),
    /// for operands whose strides over the same shape are <paramref name="strides"/>; writes each operand's
    /// strides into <paramref name="operands"/> (their offsets are left for the caller).
    /// </summary>
    /// <exception cref="NotSupportedException">More than <see cref="LaunchShape.MaxRank"/> axes remain after merging.</exception>
    public static LaunchShape Merge(ReadOnlySpan<int> shape, ReadOnlySpan<int> axes, ReadOnlySpan<int[]> strides, Span<OperandStrides> operands)
    {
        Span<int> sizes = stackalloc int[LaunchShape.MaxRank];
        Span<int> merged = stackalloc int[LaunchShape.MaxRank * MaxOperands];
        var rank = 0;
        var count = 1;
        // From the innermost axis out: each axis either joins the one collected before it or starts a new one.
        for (var a = axes.Length - 1; a >= 0; a--)
        {
            var axis = axes[a];
            var size = shape[axis];
            count *= size;
            if (size == 1)
            {
                continue;
            }
            if (rank > 0 && Continues(strides, axis, merged, rank - 1, sizes[rank - 1]))
            {
                sizes[rank - 1] *= size;
                continue;
            }
            if (rank == LaunchShape.MaxRank)
            {
                throw new NotSupportedException(
                    $"gpu backend: a view of shape {Shapes.Format(shape)} has more than {LaunchShape.MaxRank} axes that cannot be merged");
            }
            sizes[rank] = size;
            for (var k = 0; k < strides.Length; k++)
            {
                merged[k * LaunchShape.MaxRank + rank] = strides[k][axis];
            }
            rank++;
        }

        var launch = new LaunchShape { Rank = rank, Count = count };
        for (var slot = 0; slot < LaunchShape.MaxRank; slot++)
        {
            // Slot 0 is the innermost axis, which the kernels keep in field 7.
            launch.SetSize(LaunchShape.MaxRank - 1 - slot, slot < rank ? sizes[slot] : 1);
        }
        for (var k = 0; k < strides.Length; k++)
        {
            operands[k] = default;
            for (var slot = 0; slot < rank; slot++)
            {
                operands[k].SetStride(LaunchShape.MaxRank - 1 - slot, merged[k * LaunchShape.MaxRank + slot]);
            }
        }
        return launch;
    }

    /// <summary>Every axis of a shape, in order (for element-wise launches).</summary>
    public static ReadOnlySpan<int> AllAxes(int rank) => AxisNumbers.AsSpan(0, rank);

    private static readonly int[] AxisNumbers = Enumerable.Range(0, 64).ToArray();

    private static bool Continues(ReadOnlySpan<int[]> strides, int axis, ReadOnlySpan<int> merged, int slot, int innerSize)
    {
        for (var k = 0; k < strides.Length; k++)
        {
            if (strides[k][axis] != merged[k * LaunchShape.MaxRank + slot] * innerSize)
            {
                return false;
            }
        }
        return true;
    }
}

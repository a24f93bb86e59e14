namespace DeepLearning;

/// <summary>
/// Shape arithmetic shared by every op: element counts, row-major strides, axis normalisation
/// (broadcasting is in Ops/Broadcasting.cs), and the "(2,3)" notation used in error messages.
/// </summary>
public static partial class Shapes
{
    /// <summary>
    /// The number of elements of a tensor of this shape (1 for a scalar, shape ()), or an error naming
    /// <paramref name="op"/> when one tensor cannot hold that many (its storage is one .NET array).
    /// </summary>
    public static int ElementCount(string op, ReadOnlySpan<int> shape)
    {
        var count = LongElementCount(shape);
        if (count > Array.MaxLength)
        {
            throw new ArgumentException(
                $"{op}: shape {Format(shape)} has {(count == long.MaxValue ? "more than 2^63" : count.ToString("N0"))} elements, " +
                $"more than one tensor can hold ({Array.MaxLength:N0}, the largest array)");
        }
        return (int)count;
    }

    /// <inheritdoc cref="ElementCount(string, ReadOnlySpan{int})"/>
    public static int ElementCount(ReadOnlySpan<int> shape) => ElementCount("shape", shape);

    /// <summary>
    /// The product of the shape in 64 bits, so that it never wraps around as an int would ((65536,65536) is not
    /// 0 elements); long.MaxValue stands for anything beyond 2^63.
    /// </summary>
    public static long LongElementCount(ReadOnlySpan<int> shape)
    {
        if (shape.Contains(0))
        {
            return 0;
        }
        var count = 1L;
        foreach (var size in shape)
        {
            count = count > long.MaxValue / size ? long.MaxValue : count * size;
        }
        return count;
    }

    /// <summary>
    /// Row-major strides: the last axis is contiguous, and stride[i] = shape[i+1] * stride[i+1].
    /// For shape (2,3,4) that is (12,4,1).
    /// </summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    /// <summary>The shape a reduction over the marked axes leaves, keeping those axes with size 1: (2,3,4) over axis 1 is (2,1,4).</summary>
    public static int[] Reduced(ReadOnlySpan<int> shape, bool[] reducedAxes)
    {
        var kept = shape.ToArray();
        for (var axis = 0; axis < kept.Length; axis++)
        {
            kept[axis] = reducedAxes[axis] ? 1 : kept[axis];
        }
        return kept;
    }

    /// <summary>Formats a shape as in the error messages and printing: (3,4), (5), ().</summary>
    public static string Format(ReadOnlySpan<int> shape) => "(" + string.Join(",", shape.ToArray()) + ")";

    /// <summary>
    /// Turns a possibly negative axis (-1 is the last) into 0..rank-1, or throws a message that
    /// names the op, the axis and the shape.
    /// </summary>
    public static int NormalizeAxis(string op, int axis, ReadOnlySpan<int> shape)
    {
        var rank = shape.Length;
        var normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
        {
            var valid = rank == 0 ? "a scalar has no axes" : $"valid axes are {-rank}..{rank - 1}";
            throw new ArgumentException($"{op}: axis {axis} is out of range for shape {Format(shape)} ({valid})");
        }
        return normalized;
    }

    /// <summary>Normalizes a set of axes (null means all) and rejects repeats.</summary>
    public static bool[] AxisMask(string op, int[]? axes, ReadOnlySpan<int> shape)
    {
        var mask = new bool[shape.Length];
        if (axes is null)
        {
            Array.Fill(mask, true);
            return mask;
        }
        foreach (var axis in axes)
        {
            var normalized = NormalizeAxis(op, axis, shape);
            if (mask[normalized])
            {
                // Name the normalized axis too: in (0,-2) on a matrix the repeat is not visible at a glance.
                throw new ArgumentException($"{op}: axes {Format(axes)} name axis {normalized} more than once (shape {Format(shape)})");
            }
            mask[normalized] = true;
        }
        return mask;
    }
}

namespace DeepLearning;

/// <summary>
/// Shape arithmetic shared by every op: element counts, row-major strides, NumPy broadcasting,
/// axis normalisation, and the "(2,3)" notation used in error messages.
/// </summary>
public static class Shapes
{
    /// <summary>The number of elements of a tensor of this shape (1 for a scalar, shape ()).</summary>
    public static int ElementCount(ReadOnlySpan<int> shape)
    {
        var count = 1;
        foreach (var size in shape)
        {
            count *= size;
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

    /// <summary>Formats a shape as in the error messages and printing: (3,4), (5), ().</summary>
    public static string Format(ReadOnlySpan<int> shape) => "(" + string.Join(",", shape.ToArray()) + ")";

    /// <summary>
    /// The shape two operands broadcast to, by NumPy's rules: align the shapes at their last axis;
    /// two sizes fit when they are equal or one of them is 1; a missing leading axis counts as 1.
    /// </summary>
    /// <example>(8,1,6) and (7,1) broadcast to (8,7,6).</example>
    public static int[] Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 1; i <= rank; i++)
        {
            var sizeA = i <= a.Length ? a[^i] : 1;
            var sizeB = i <= b.Length ? b[^i] : 1;
            if (sizeA != sizeB && sizeA != 1 && sizeB != 1)
            {
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast: " +
                    $"axis {rank - i} has sizes {sizeA} and {sizeB}, and neither is 1");
            }
            result[^i] = sizeA == 1 ? sizeB : sizeA;
        }
        return result;
    }

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

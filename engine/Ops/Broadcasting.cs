using DeepLearning.Backends;

namespace DeepLearning;

// Broadcasting, in one place: the rule that says which shapes fit together (Shapes.Broadcast), the view that
// stretches a tensor to a broadcast shape without copying (stride 0 on added or stretched axes: BroadcastTo, and
// the recorded op Expand), and its adjoint, which sums a gradient back down to the shape that was stretched
// (SumToShape). Every binary op broadcasts its operands through here.
// Taught in chapter 2, section 2.4 (notebooks/02-tensors.ipynb); SumToShape, the backward of a broadcast, in chapter 3,
// section 3.3 (notebooks/03-backpropagation-through-tensors.ipynb).

public static partial class Shapes
{
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
        ElementCount(op, result);
        return result;
    }
}

public sealed partial class Tensor
{
    /// <summary>
    /// Repeats size-1 axes (and adds leading axes) to reach <paramref name="shape"/>, with stride 0: every
    /// repeat reads the same element. Its backward sums the gradient over the repeats.
    /// </summary>
    public Tensor Expand(params int[] shape)
    {
        var broadcast = Shapes.Broadcast("expand", _shape, shape);
        if (!broadcast.AsSpan().SequenceEqual(shape))
        {
            throw new ArgumentException($"expand: shape {ShapeText} cannot be expanded to {Shapes.Format(shape)}");
        }
        var view = new Tensor(Storage, (int[])shape.Clone(), BroadcastStrides(this, shape), Offset);
        return Record(view, "expand", [this], g => [g.SumToShape(_shape)]);
    }

    /// <summary>This tensor broadcast to <paramref name="shape"/>: axes added in front or stretched from size 1 get stride 0.</summary>
    internal StridedView BroadcastTo(int[] shape) => new(Storage, Offset, shape, BroadcastStrides(this, shape));

    private static int[] BroadcastStrides(Tensor x, ReadOnlySpan<int> shape) => BroadcastStrides(x.ShapeSpan, x.StridesSpan, shape);

    /// <summary>The strides of a view (<paramref name="shape"/>, <paramref name="strides"/>) broadcast to <paramref name="target"/>.</summary>
    internal static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = new int[target.Length];
        var lead = target.Length - shape.Length;
        for (var axis = 0; axis < shape.Length; axis++)
        {
            result[lead + axis] = shape[axis] == 1 ? 0 : strides[axis];
        }
        return result;
    }

    /// <summary>
    /// Undoes broadcasting in a gradient: sums over the leading axes that broadcasting added and over the
    /// axes that it stretched from size 1, so the result has <paramref name="shape"/>.
    /// </summary>
    /// <example>A gradient of shape (4,2,3) for an input of shape (1,3) is summed over axes 0 and 1 to (1,3).</example>
    public Tensor SumToShape(ReadOnlySpan<int> shape)
    {
        if (_shape.AsSpan().SequenceEqual(shape))
        {
            return this;
        }
        var lead = Rank - shape.Length;
        if (lead < 0)
        {
            throw new ArgumentException($"sum_to_shape: cannot reduce shape {ShapeText} to the larger rank of {Shapes.Format(shape)}");
        }
        var axes = new List<int>();
        for (var axis = 0; axis < Rank; axis++)
        {
            if (axis < lead || (shape[axis - lead] == 1 && _shape[axis] != 1))
            {
                axes.Add(axis);
            }
            else if (shape[axis - lead] != _shape[axis])
            {
                throw new ArgumentException($"sum_to_shape: shape {ShapeText} was not broadcast from {Shapes.Format(shape)}");
            }
        }
        return Sum([.. axes], keepDims: true).Reshape(shape.ToArray());
    }
}

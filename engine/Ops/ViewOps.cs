namespace DeepLearning;

// Views: new shapes and strides over the same storage, no data copied. Each backward maps the gradient back
// through the inverse view (a transpose through the same transpose, an expand through a sum).
// Taught in chapter 2, section 2.3 (notebooks/02-tensors.ipynb).
public sealed partial class Tensor
{
    /// <summary>
    /// The same elements, in the same row-major order, with another shape; one size may be -1 and is then
    /// inferred. A view when this tensor is contiguous, otherwise a contiguous copy first (as <c>torch.reshape</c>).
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        var resolved = ResolveReshape(shape);
        var source = IsContiguous ? this : Contiguous();
        var view = new Tensor(source.Storage, resolved, Shapes.ContiguousStrides(resolved), source.Offset);
        return Record(view, "reshape", [source], g => [g.Reshape(source._shape)]);
    }

    /// <summary>Like <see cref="Reshape"/>, but never copies: fails on a non-contiguous tensor (as <c>torch.view</c>).</summary>
    public Tensor View(params int[] shape)
    {
        if (!IsContiguous)
        {
            throw new InvalidOperationException(
                $"view: a tensor of shape {ShapeText} with strides {Shapes.Format(_strides)} is not contiguous; call Contiguous() or use Reshape()");
        }
        return Reshape(shape);
    }

    /// <summary>Collapses all axes into one.</summary>
    public Tensor Flatten() => Reshape(-1);

    /// <summary>Swaps two axes by swapping their sizes and strides.</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var order = Enumerable.Range(0, Rank).ToArray();
        var a = Shapes.NormalizeAxis("transpose", axis0, _shape);
        var b = Shapes.NormalizeAxis("transpose", axis1, _shape);
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>The transpose of a 2-D tensor (a matrix).</summary>
    public Tensor T => Rank == 2
        ? Transpose(0, 1)
        : throw new InvalidOperationException($"T: expects a 2-D tensor, got shape {ShapeText}; use Transpose(a, b) or Permute");

    /// <summary>Reorders the axes: axis i of the result is axis <c>order[i]</c> of this tensor.</summary>
    public Tensor Permute(params int[] order)
    {
        if (order.Length != Rank)
        {
            throw new ArgumentException($"permute: {Shapes.Format(order)} names {order.Length} axes, but shape {ShapeText} has {Rank}");
        }
        var normalized = order.Select(axis => Shapes.NormalizeAxis("permute", axis, _shape)).ToArray();
        if (normalized.Distinct().Count() != Rank)
        {
            throw new ArgumentException($"permute: {Shapes.Format(order)} is not a permutation of the axes 0..{Rank - 1}");
        }
        var view = new Tensor(Storage, normalized.Select(a => _shape[a]).ToArray(), normalized.Select(a => _strides[a]).ToArray(), Offset);
        var inverse = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            inverse[normalized[i]] = i;
        }
        return Record(view, "permute", [this], g => [g.Permute(inverse)]);
    }

    /// <summary>
    /// Elements start, start+step, ... before end along one axis (negative start and end count from the
    /// end; they are clamped to the axis, as Python slices). A view: only offset, size and stride change.
    /// </summary>
    public Tensor Slice(int axis, int start, int end, int step = 1)
    {
        var a = Shapes.NormalizeAxis("slice", axis, _shape);
        if (step <= 0)
        {
            throw new ArgumentException($"slice: step must be positive, got {step}");
        }
        var size = _shape[a];
        var first = Math.Clamp(start < 0 ? start + size : start, 0, size);
        var last = Math.Clamp(end < 0 ? end + size : end, first, size);
        var shape = Shape;
        shape[a] = (last - first + step - 1) / step;
        var strides = Strides;
        strides[a] *= step;
        var view = new Tensor(Storage, shape, strides, Offset + first * _strides[a]);
        return Record(view, "slice", [this], g =>
        {
            // The gradient of a slice is zero outside it: scatter g into a zero tensor of the input's shape.
            var full = Zeros(_shape, g.Device);
            full.Slice(a, first, last, step).CopyFrom(g);
            return [full];
        });
    }

    /// <summary>Inserts an axis of size 1 at <paramref name="axis"/> (which may be Rank, to append one).</summary>
    public Tensor Unsqueeze(int axis)
    {
        var shape = new List<int>(_shape);
        var position = axis < 0 ? axis + Rank + 1 : axis;
        if (position < 0 || position > Rank)
        {
            throw new ArgumentException($"unsqueeze: axis {axis} is out of range for shape {ShapeText} (valid axes are {-Rank - 1}..{Rank})");
        }
        shape.Insert(position, 1);
        return Reshape([.. shape]);
    }

    /// <summary>Removes one axis of size 1, or all of them when <paramref name="axis"/> is null.</summary>
    public Tensor Squeeze(int? axis = null)
    {
        if (axis is null)
        {
            return Reshape(_shape.Where(size => size != 1).ToArray());
        }
        var a = Shapes.NormalizeAxis("squeeze", axis.Value, _shape);
        if (_shape[a] != 1)
        {
            throw new ArgumentException($"squeeze: axis {axis} of shape {ShapeText} has size {_shape[a]}, not 1");
        }
        return Reshape(_shape.Where((_, i) => i != a).ToArray());
    }

    /// <summary>This tensor if it is contiguous; otherwise a row-major copy (same values, recorded for autograd).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A contiguous copy with its own storage. Gradients flow through it unchanged.</summary>
    public Tensor Clone() => Record(new Tensor(CopyValues(), Shape), "clone", [this], g => [g]);

    /// <summary>Writes the values of <paramref name="source"/> (broadcast to this shape) into this view. Not recorded.</summary>
    public void CopyFrom(Tensor source)
    {
        var shape = Shapes.Broadcast("copy", _shape, source._shape);
        if (!shape.AsSpan().SequenceEqual(_shape))
        {
            throw new ArgumentException($"copy: a tensor of shape {source.ShapeText} cannot be written into a view of shape {ShapeText}");
        }
        DeviceOf("copy", this, source).Backend.Map<IdentityFunction>(source.BroadcastTo(shape), Strided);
    }

    private int[] ResolveReshape(int[] shape)
    {
        var resolved = (int[])shape.Clone();
        var inferred = Array.IndexOf(resolved, -1);
        if (inferred >= 0 && Array.IndexOf(resolved, -1, inferred + 1) >= 0)
        {
            throw new ArgumentException($"reshape: only one size can be inferred (-1), got {Shapes.Format(shape)}");
        }
        if (resolved.Any(size => size < -1))
        {
            throw new ArgumentException($"reshape: {Shapes.Format(shape)} has a negative size");
        }
        if (inferred >= 0)
        {
            var known = Shapes.LongElementCount(resolved.Where((_, i) => i != inferred).ToArray());
            if (known == 0 || ElementCount % known != 0)
            {
                throw new ArgumentException($"reshape: cannot reshape {ShapeText} ({ElementCount} elements) into {Shapes.Format(shape)}");
            }
            resolved[inferred] = (int)(ElementCount / known);
        }
        var count = Shapes.LongElementCount(resolved);
        if (count != ElementCount)
        {
            throw new ArgumentException(
                $"reshape: cannot reshape {ShapeText} ({ElementCount} elements) into {Shapes.Format(shape)} ({count} elements)");
        }
        return resolved;
    }
}

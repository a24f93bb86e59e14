namespace DeepLearning;

// Concat and Stack. Not taught in the course, and no chapter calls them.
public sealed partial class Tensor
{
    /// <summary>
    /// Joins tensors along an existing axis; all other sizes must agree. The backward hands each input the
    /// slice of the gradient that lies over it.
    /// </summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        if (tensors.Count == 0)
        {
            throw new ArgumentException("concat: needs at least one tensor");
        }
        var first = tensors[0];
        var a = Shapes.NormalizeAxis("concat", axis, first._shape);
        for (var t = 1; t < tensors.Count; t++)
        {
            var shape = tensors[t]._shape;
            var fits = shape.Length == first.Rank && Enumerable.Range(0, shape.Length).All(i => i == a || shape[i] == first._shape[i]);
            if (!fits)
            {
                throw new ArgumentException(
                    $"concat: tensor {t} has shape {Shapes.Format(shape)}, which does not fit tensor 0's {first.ShapeText} along axis {axis} (all other axes must match)");
            }
        }
        var inputs = tensors.ToArray();
        return Record(ConcatValues(inputs, a), "concat", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            var start = 0;
            for (var t = 0; t < inputs.Length; t++)
            {
                var size = inputs[t]._shape[a];
                grads[t] = g.Slice(a, start, start + size);
                start += size;
            }
            return grads;
        });
    }

    /// <summary>Joins same-shaped tensors along a new axis: n tensors of shape (a,b) stacked at axis 0 give (n,a,b).</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        if (tensors.Count == 0)
        {
            throw new ArgumentException("stack: needs at least one tensor");
        }
        for (var t = 1; t < tensors.Count; t++)
        {
            if (!tensors[t]._shape.AsSpan().SequenceEqual(tensors[0]._shape))
            {
                throw new ArgumentException($"stack: tensor {t} has shape {tensors[t].ShapeText}, but tensor 0 has {tensors[0].ShapeText}; all must match");
            }
        }
        return Concat(tensors.Select(t => t.Unsqueeze(axis)).ToArray(), axis);
    }

    /// <summary>The values of the tensors joined along an axis, as a new tensor with no history.</summary>
    private static Tensor ConcatValues(Tensor[] tensors, int axis)
    {
        var shape = tensors[0].Shape;
        shape[axis] = tensors.Sum(t => t._shape[axis]);
        var result = Zeros(shape, DeviceOf("concat", tensors));
        var start = 0;
        foreach (var tensor in tensors)
        {
            var size = tensor._shape[axis];
            result.Slice(axis, start, start + size).CopyFrom(tensor);
            start += size;
        }
        return result;
    }
}

using DeepLearning.Backends;

namespace DeepLearning;

// Picking along an axis. Taught in chapter 8, section 8.3 (notebooks/08-sequences-and-attention.ipynb): IndexSelect is the
// embedding lookup. Gather picks the log-probability of each row's true class for Losses.NllLoss.
public sealed partial class Tensor
{
    /// <summary>
    /// Picks whole slices along <paramref name="axis"/>: result[..., i, ...] = this[..., indices[i], ...], as
    /// <c>torch.index_select</c> (an embedding lookup, a mini-batch). Indices may repeat; in the backward
    /// each pick adds its gradient back to the slice it came from.
    /// </summary>
    public Tensor IndexSelect(int axis, int[] indices)
    {
        var a = Shapes.NormalizeAxis("index_select", axis, _shape);
        CheckIndices("index_select", indices, a);
        var device = Device;
        var (shape, n, inner) = (Shape, indices.Length, Shapes.ElementCount(_shape.AsSpan(a + 1)));
        shape[a] = n;
        var result = NewStorage(Shapes.ElementCount(shape), device);
        if (result.Length > 0)
        {
            // A gather from a view with one more axis, of size n and stride 0, before the picked one:
            // view[..., i, k, ...] = this[..., k, ...], and result[..., i, ...] = view[..., i, indices[i], ...].
            var picks = new int[result.Length];
            for (var p = 0; p < picks.Length; p++)
            {
                picks[p] = indices[p / inner % n];
            }
            var view = Strided;
            device.Backend.Gather(new StridedView(view.Storage, view.Offset, [.. _shape[..a], n, .. _shape[a..]], [.. _strides[..a], 0, .. _strides[a..]]),
                a + 1, picks, result);
        }
        return Record(new Tensor(result, shape), "index_select", [this], g =>
        {
            // Each pick adds its slice of the gradient back to the slice it came from.
            var grad = NewStorage(ElementCount, device);
            device.Backend.IndexAdd(g.ReadContiguous(), _shape, a, indices, grad);
            return [new Tensor(grad, Shape)];
        });
    }

    /// <summary>
    /// Picks one element along <paramref name="axis"/> for every position of the other axes:
    /// result[i, 0] = this[i, indices[i]] for a matrix and axis 1. The result keeps the axis with size 1,
    /// as <c>torch.gather</c> with an index of that shape. For a loss: the logit of the true class.
    /// </summary>
    /// <param name="axis">The axis to pick along.</param>
    /// <param name="indices">One index a position, in row-major order of the other axes.</param>
    public Tensor Gather(int axis, int[] indices)
    {
        var a = Shapes.NormalizeAxis("gather", axis, _shape);
        var outShape = Shape;
        outShape[a] = 1;
        if (indices.Length != Shapes.ElementCount(outShape))
        {
            throw new ArgumentException(
                $"gather: shape {ShapeText} along axis {axis} needs {Shapes.ElementCount(outShape)} indices (one for each position of shape {Shapes.Format(outShape)}), got {indices.Length}");
        }
        CheckIndices("gather", indices, a);
        var device = Device;
        var result = NewStorage(indices.Length, device);
        device.Backend.Gather(Strided, a, indices, result);
        return Record(new Tensor(result, outShape), "gather", [this], g =>
        {
            // Each pick sends its gradient back to the element it was picked from; every other element gets 0.
            var grad = NewStorage(ElementCount, device);
            device.Backend.ScatterAdd(g.ReadContiguous(), _shape, a, indices, grad);
            return [new Tensor(grad, Shape)];
        });
    }

    private void CheckIndices(string op, int[] indices, int axis)
    {
        for (var k = 0; k < indices.Length; k++)
        {
            if (indices[k] < 0 || indices[k] >= _shape[axis])
            {
                throw new IndexOutOfRangeException(
                    $"{op}: index {indices[k]} (at position {k}) is out of range for axis {axis} of size {_shape[axis]} (shape {ShapeText})");
            }
        }
    }
}

using DeepLearning.Backends;

namespace DeepLearning;

/// <remarks>
/// Not taught in the course: the backend call under the reductions of ReductionOps.cs, whose Sum with keepDims is
/// taught in section 3.3 (notebooks/03-backpropagation-through-tensors.ipynb).
/// </remarks>
internal static class Reductions
{
    /// <summary>
    /// Folds <paramref name="x"/> over the axes marked in <paramref name="reducedAxes"/> on the current backend.
    /// The result keeps the reduced axes with size 1, so it still broadcasts against x.
    /// </summary>
    public static Tensor Reduce<TReduction>(Tensor x, bool[] reducedAxes) where TReduction : IReduction
    {
        var keptShape = Shapes.Reduced(x.ShapeSpan, reducedAxes);
        var device = x.Device;
        var result = Tensor.NewStorage(Shapes.ElementCount(keptShape), device);
        device.Backend.Reduce<TReduction>(x.Strided, reducedAxes, result);
        return new Tensor(result, keptShape);
    }

    /// <summary>Removes the size-1 axes that a reduction kept, unless <paramref name="keepDims"/>.</summary>
    public static Tensor DropReducedAxes(Tensor kept, bool[] reducedAxes, bool keepDims)
    {
        if (keepDims)
        {
            return kept;
        }
        var shape = kept.Shape.Where((_, axis) => !reducedAxes[axis]).ToArray();
        return kept.Reshape(shape);
    }
}

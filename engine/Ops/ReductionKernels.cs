namespace DeepLearning;

/// <summary>How a reduction folds one more element into its running result.</summary>
internal interface IReduction
{
    static abstract double Combine(double accumulator, float x);
}

internal static class ReductionKernels
{
    /// <summary>
    /// Folds every element of <paramref name="x"/> into the output element it reduces to. The output keeps the
    /// reduced axes with size 1; its strides on those axes are set to 0, so walking the input's index space
    /// with those strides lands each input element on its output element. Accumulates in double.
    /// </summary>
    public static Tensor Reduce<TReduction>(Tensor x, bool[] reducedAxes, double initial)
        where TReduction : IReduction
    {
        var keptShape = x.Shape;
        for (var axis = 0; axis < keptShape.Length; axis++)
        {
            keptShape[axis] = reducedAxes[axis] ? 1 : keptShape[axis];
        }
        var outputStrides = Shapes.ContiguousStrides(keptShape);
        for (var axis = 0; axis < keptShape.Length; axis++)
        {
            outputStrides[axis] = reducedAxes[axis] ? 0 : outputStrides[axis];
        }
        var accumulators = new double[Shapes.ElementCount(keptShape)];
        Array.Fill(accumulators, initial);
        var inputOffsets = Tensor.StridedOffsets(x.ShapeSpan, x.StridesSpan, x.Offset);
        var outputOffsets = Tensor.StridedOffsets(x.ShapeSpan, outputStrides, 0);
        for (var i = 0; i < inputOffsets.Length; i++)
        {
            ref var accumulator = ref accumulators[outputOffsets[i]];
            accumulator = TReduction.Combine(accumulator, x.Storage[inputOffsets[i]]);
        }
        var result = new float[accumulators.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)accumulators[i];
        }
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

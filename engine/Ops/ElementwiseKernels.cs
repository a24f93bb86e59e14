namespace DeepLearning;

/// <summary>A function of one float, applied element by element. A struct type, so the JIT inlines it.</summary>
internal interface IUnaryFunction
{
    static abstract float Apply(float x);
}

/// <summary>A function of one float and a constant, such as x^k.</summary>
internal interface IUnaryFunctionWithParameter
{
    static abstract float Apply(float x, float parameter);
}

/// <summary>A function of two floats, applied element by element after broadcasting.</summary>
internal interface IBinaryFunction
{
    static abstract float Apply(float a, float b);
}

/// <summary>
/// The loops behind every element-wise op: one for a single input, one for two inputs broadcast together.
/// Plain loops, the readable definition; a strided view is read through its element offsets.
/// </summary>
internal static class ElementwiseKernels
{
    public static Tensor Map<TFunction>(Tensor x) where TFunction : IUnaryFunction
    {
        var source = x.ReadContiguous();
        var result = new float[source.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TFunction.Apply(source[i]);
        }
        return new Tensor(result, x.Shape);
    }

    public static Tensor Map<TFunction>(Tensor x, float parameter) where TFunction : IUnaryFunctionWithParameter
    {
        var source = x.ReadContiguous();
        var result = new float[source.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TFunction.Apply(source[i], parameter);
        }
        return new Tensor(result, x.Shape);
    }

    public static Tensor Zip<TFunction>(string op, Tensor a, Tensor b) where TFunction : IBinaryFunction
    {
        var shape = Shapes.Broadcast(op, a.ShapeSpan, b.ShapeSpan);
        var result = new float[Shapes.ElementCount(shape)];
        if (a.ShapeSpan.SequenceEqual(b.ShapeSpan))
        {
            // Same shape: no broadcasting, walk both in row-major order.
            var left = a.ReadContiguous();
            var right = b.ReadContiguous();
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = TFunction.Apply(left[i], right[i]);
            }
            return new Tensor(result, shape);
        }
        var leftOffsets = BroadcastOffsets(a, shape);
        var rightOffsets = BroadcastOffsets(b, shape);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TFunction.Apply(a.Storage[leftOffsets[i]], b.Storage[rightOffsets[i]]);
        }
        return new Tensor(result, shape);
    }

    /// <summary>
    /// The storage offset of each element of <paramref name="x"/> as seen through the broadcast
    /// <paramref name="shape"/>: axes that are added in front, or stretched from size 1, get stride 0.
    /// </summary>
    public static int[] BroadcastOffsets(Tensor x, int[] shape) =>
        Tensor.StridedOffsets(shape, BroadcastStrides(x, shape), x.Offset);

    public static int[] BroadcastStrides(Tensor x, ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        var lead = shape.Length - x.Rank;
        for (var axis = 0; axis < x.Rank; axis++)
        {
            strides[lead + axis] = x.ShapeSpan[axis] == 1 ? 0 : x.StridesSpan[axis];
        }
        return strides;
    }
}

namespace DeepLearning.Backends;

// The functions that the element-wise ops and reductions apply, as struct types so that the JIT compiles one
// specialised loop for each (no delegate call per element). Each function gives its definition on one float,
// which the reference backend loops over, and the same function over a whole run of floats, which the fast
// backend calls on contiguous runs (most delegate to System.Numerics.Tensors.TensorPrimitives, which uses
// AVX2/AVX-512 where the processor has them). The test suite runs over both, so the two must agree.

/// <summary>y = f(x), element by element.</summary>
public interface IUnaryFunction
{
    static abstract float Apply(float x);

    /// <summary>y[i] = f(x[i]) for a whole run; x and y have the same length and may be the same span.</summary>
    static abstract void Apply(ReadOnlySpan<float> x, Span<float> y);
}

/// <summary>y = f(x; p) for a constant p, such as x^p.</summary>
public interface IUnaryFunctionWithParameter
{
    static abstract float Apply(float x, float parameter);

    static abstract void Apply(ReadOnlySpan<float> x, float parameter, Span<float> y);
}

/// <summary>
/// y = f(a, b), element by element after broadcasting. Besides two runs, the fast backend meets a run
/// against one repeated value (a broadcast operand whose innermost stride is 0), in either position.
/// </summary>
public interface IBinaryFunction
{
    static abstract float Apply(float a, float b);

    static abstract void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    static abstract void Apply(ReadOnlySpan<float> a, float b, Span<float> y);

    static abstract void Apply(float a, ReadOnlySpan<float> b, Span<float> y);
}

/// <summary>How a reduction folds elements into a result: sum, max.</summary>
public interface IReduction
{
    /// <summary>The result of folding no elements: 0 for a sum, -∞ for a max.</summary>
    static abstract float Identity { get; }

    /// <summary>The definition: fold one more element into the running result (the reference keeps it in double).</summary>
    static abstract double Combine(double accumulator, float x);

    /// <summary>Folds a whole run into one value (the fast backend, for a run along a reduced axis).</summary>
    static abstract float Fold(ReadOnlySpan<float> run);

    /// <summary>accumulators[i] ← combine(accumulators[i], x[i]) (the fast backend, for a run along a kept axis).</summary>
    static abstract void CombineInto(ReadOnlySpan<float> x, Span<float> accumulators);
}

/// <summary>Scalar loops, for functions that have no vectorised form: the span overloads of such functions call these.</summary>
internal static class ScalarLoops
{
    public static void Map<TFunction>(ReadOnlySpan<float> x, Span<float> y) where TFunction : IUnaryFunction
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = TFunction.Apply(x[i]);
        }
    }

    public static void Zip<TFunction>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) where TFunction : IBinaryFunction
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = TFunction.Apply(a[i], b[i]);
        }
    }

    public static void Zip<TFunction>(ReadOnlySpan<float> a, float b, Span<float> y) where TFunction : IBinaryFunction
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = TFunction.Apply(a[i], b);
        }
    }

    public static void Zip<TFunction>(float a, ReadOnlySpan<float> b, Span<float> y) where TFunction : IBinaryFunction
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = TFunction.Apply(a, b[i]);
        }
    }
}

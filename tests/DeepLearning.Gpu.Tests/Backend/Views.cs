using DeepLearning.Backends;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>How a test lays a view out in its storage.</summary>
public enum Layout
{
    /// <summary>Row-major, from element 0.</summary>
    Contiguous,
    /// <summary>Axes reversed in memory: the innermost axis has the largest stride.</summary>
    Transposed,
    /// <summary>Every other element of a larger array, starting past an offset (a slice with step 2).</summary>
    Strided,
    /// <summary>Every other axis repeated with stride 0 (an input only: outputs must not overlap themselves).</summary>
    Broadcast,
}

/// <summary>Random views of a shape in each <see cref="Layout"/>, and a comparison that reports the first difference.</summary>
public static class Views
{
    public static StridedView Make(int[] shape, Layout layout, Random random)
    {
        var rank = shape.Length;
        var count = Shapes.ElementCount(shape);
        switch (layout)
        {
            case Layout.Transposed:
            {
                var reversed = shape.Reverse().ToArray();
                var reversedStrides = Shapes.ContiguousStrides(reversed);
                var strides = Enumerable.Range(0, rank).Select(axis => reversedStrides[rank - 1 - axis]).ToArray();
                return new StridedView(Values(count, random), 0, shape, strides);
            }
            case Layout.Strided:
            {
                var physical = shape.Select(size => 2 * size + 1).ToArray();
                var physicalStrides = Shapes.ContiguousStrides(physical);
                var offset = 3 + physicalStrides.Sum();
                return new StridedView(Values(3 + Shapes.ElementCount(physical), random), offset, shape, physicalStrides.Select(s => 2 * s).ToArray());
            }
            case Layout.Broadcast:
            {
                var stored = shape.Select((size, axis) => axis % 2 == 0 ? 1 : size).ToArray();
                var strides = Shapes.ContiguousStrides(stored).Select((stride, axis) => axis % 2 == 0 ? 0 : stride).ToArray();
                return new StridedView(Values(Math.Max(1, Shapes.ElementCount(stored)), random), 0, shape, strides);
            }
            default:
                return StridedView.RowMajor(Values(count, random), shape);
        }
    }

    /// <summary>Uniform values in [-3, 3).</summary>
    public static float[] Values(int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();

    /// <summary>
    /// Asserts that two arrays agree element by element: within <paramref name="tolerance"/>·(1 + |expected|),
    /// NaN where NaN is expected, the same infinity where one is expected.
    /// </summary>
    public static void AssertClose(float[] actual, float[] expected, float tolerance = 1e-5f, string what = "")
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (var i = 0; i < expected.Length; i++)
        {
            float a = actual[i], e = expected[i];
            var close = float.IsNaN(e) ? float.IsNaN(a) : float.IsInfinity(e) ? a == e : Math.Abs(a - e) <= tolerance * (1 + Math.Abs(e));
            if (!close)
            {
                Assert.Fail($"{what} element {i} of {expected.Length}: gpu {a:R}, reference {e:R}");
            }
        }
    }
}

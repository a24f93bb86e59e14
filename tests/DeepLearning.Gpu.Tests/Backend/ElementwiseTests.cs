using DeepLearning.Backends;
using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>Map, Map with a parameter and Zip on the GPU backend against the reference, for every engine function and layout.</summary>
public sealed class ElementwiseTests
{
    /// <summary>Ranks 0 to 4, sizes past one group of 256 and not multiples of it, size-1 axes, empty tensors.</summary>
    private static readonly int[][] ShapesToTry =
        [[], [1], [7], [0], [300], [3, 0], [4, 5], [3, 1, 5], [2, 3, 4], [2, 3, 2, 5], [1, 333]];

    private static readonly Layout[] Inputs = [Layout.Contiguous, Layout.Transposed, Layout.Strided, Layout.Broadcast];

    private static readonly Layout[] Outputs = [Layout.Contiguous, Layout.Transposed, Layout.Strided];

    public static IEnumerable<Type> UnaryFunctions() => EngineFunctions.Implementing(typeof(IUnaryFunction));

    public static IEnumerable<Type> ParameterFunctions() => EngineFunctions.Implementing(typeof(IUnaryFunctionWithParameter));

    public static IEnumerable<Type> BinaryFunctions() => EngineFunctions.Implementing(typeof(IBinaryFunction));

    /// <summary>Every shape with every input layout; the output layouts take turns.</summary>
    public static IEnumerable<TestCaseData> Layouts() =>
        from s in ShapesToTry.Select((shape, index) => (Shape: shape, Index: index))
        from input in Inputs.Select((layout, index) => (Layout: layout, Index: index))
        let output = Outputs[(s.Index + input.Index) % Outputs.Length]
        select new TestCaseData(s.Shape, input.Layout, output)
            .SetArgDisplayNames(Shapes.Format(s.Shape), input.Layout.ToString(), output.ToString());

    [TestCaseSource(nameof(UnaryFunctions))]
    public void Every_unary_function_matches_the_reference(Type function)
    {
        foreach (var (input, output) in new[] { (Layout.Contiguous, Layout.Contiguous), (Layout.Transposed, Layout.Strided), (Layout.Broadcast, Layout.Contiguous) })
        {
            var random = new Random(1);
            var x = Views.Make([3, 40], input, random);
            var y = Views.Make([3, 40], output, random);
            var (gx, gy) = (ToDevice(x), ToDevice(y));

            EngineFunctions.Map(ReferenceLoops, function, x, y);
            try
            {
                EngineFunctions.Map(GpuLoops, function, gx, gy);
            }
            catch (NotSupportedException e) when (e.Message.Contains("SignFunction", StringComparison.Ordinal))
            {
                Assert.Ignore(BackendPtxTests.SignGap);
            }

            Views.AssertClose(ToHost(gy.Storage), y.Storage, what: $"{function.Name} {input}->{output}");
        }
    }

    [TestCaseSource(nameof(ParameterFunctions))]
    public void Every_function_with_a_parameter_matches_the_reference(Type function)
    {
        var random = new Random(2);
        var x = Views.Make([5, 33], Layout.Strided, random);
        var y = Views.Make([5, 33], Layout.Transposed, random);
        var (gx, gy) = (ToDevice(x), ToDevice(y));

        EngineFunctions.Map(ReferenceLoops, function, x, 1.5f, y);
        EngineFunctions.Map(GpuLoops, function, gx, 1.5f, gy);

        Views.AssertClose(ToHost(gy.Storage), y.Storage, what: function.Name);
    }

    [TestCaseSource(nameof(BinaryFunctions))]
    public void Every_binary_function_matches_the_reference(Type function)
    {
        var random = new Random(3);
        var a = Views.Make([4, 3, 5], Layout.Transposed, random);
        var b = Views.Make([4, 3, 5], Layout.Broadcast, random);
        var y = Views.Make([4, 3, 5], Layout.Strided, random);
        var (ga, gb, gy) = (ToDevice(a), ToDevice(b), ToDevice(y));

        EngineFunctions.Zip(ReferenceLoops, function, a, b, y);
        EngineFunctions.Zip(GpuLoops, function, ga, gb, gy);

        Views.AssertClose(ToHost(gy.Storage), y.Storage, what: function.Name);
    }

    [TestCaseSource(nameof(Layouts))]
    public void Map_matches_the_reference_in_every_layout(int[] shape, Layout input, Layout output)
    {
        var random = new Random(4);
        var x = Views.Make(shape, input, random);
        var y = Views.Make(shape, output, random);
        var (gx, gy) = (ToDevice(x), ToDevice(y));

        ReferenceLoops.Map<Negate>(x, y);
        GpuLoops.Map<Negate>(gx, gy);

        Views.AssertClose(ToHost(gy.Storage), y.Storage);
    }

    [TestCaseSource(nameof(Layouts))]
    public void Zip_matches_the_reference_in_every_layout(int[] shape, Layout a, Layout y)
    {
        // b takes each layout in turn against a, so the pairs of input layouts are all covered across the cases.
        var random = new Random(5);
        var bLayout = Inputs[(Array.IndexOf(Inputs, a) + 1 + shape.Length) % Inputs.Length];
        var (va, vb, vy) = (Views.Make(shape, a, random), Views.Make(shape, bLayout, random), Views.Make(shape, y, random));
        var (ga, gb, gy) = (ToDevice(va), ToDevice(vb), ToDevice(vy));

        ReferenceLoops.Zip<Subtract>(va, vb, vy);
        GpuLoops.Zip<Subtract>(ga, gb, gy);

        Views.AssertClose(ToHost(gy.Storage), vy.Storage, what: $"b {bLayout}");
    }

    [Test]
    public void In_place_updates_read_each_element_before_writing_it()
    {
        var random = new Random(6);
        var x = Views.Make([6, 7, 3], Layout.Strided, random);
        var b = Views.Make([6, 7, 3], Layout.Broadcast, random);
        var (gx, gb) = (ToDevice(x), ToDevice(b));

        ReferenceLoops.Map<Scale>(x, 3f, x);
        GpuLoops.Map<Scale>(gx, 3f, gx);
        ReferenceLoops.Zip<Subtract>(x, b, x);
        GpuLoops.Zip<Subtract>(gx, gb, gx);
        ReferenceLoops.Map<Negate>(x, x);
        GpuLoops.Map<Negate>(gx, gx);

        Views.AssertClose(ToHost(gx.Storage), x.Storage);
    }

    [Test]
    public void Every_element_of_a_long_contiguous_run_is_written()
    {
        var x = StridedView.RowMajor(Views.Values(100_003, new Random(7)), [100_003]);
        var y = StridedView.RowMajor(new float[100_003], [100_003]);
        var (gx, gy) = (ToDevice(x), ToDevice(y));

        ReferenceLoops.Map<Negate>(x, y);
        GpuLoops.Map<Negate>(gx, gy);

        Views.AssertClose(ToHost(gy.Storage), y.Storage);
    }

    private readonly struct Negate : IUnaryFunction
    {
        public static float Apply(float x) => -x;

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => ScalarLoops.Map<Negate>(x, y);
    }

    private readonly struct Scale : IUnaryFunctionWithParameter
    {
        public static float Apply(float x, float parameter) => parameter * x;

        public static void Apply(ReadOnlySpan<float> x, float parameter, Span<float> y)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = Apply(x[i], parameter);
            }
        }
    }

    private readonly struct Subtract : IBinaryFunction
    {
        public static float Apply(float a, float b) => a - b;

        public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => ScalarLoops.Zip<Subtract>(a, b, y);

        public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => ScalarLoops.Zip<Subtract>(a, b, y);

        public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => ScalarLoops.Zip<Subtract>(a, b, y);
    }
}

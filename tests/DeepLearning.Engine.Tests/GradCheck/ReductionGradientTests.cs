using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// Sum, Mean, Max and LogSumExp over all axes, one axis (positive or negative) and random axis sets,
/// with and without keepDims, in every storage layout.
/// </summary>
[OnEveryBackend]
public class ReductionGradientTests(IBackend backend) : BackendFixture(backend)
{
    private const int ShapesPerCase = 4;

    public enum Reduction { Sum, Mean, Max, LogSumExp }

    public enum AxisChoice { All, LastAsNegative, FirstAsPositive, RandomSet }

    [Test]
    public void Sum([Values] AxisChoice axes, [Values] bool keepDims, [Values] Layout layout) =>
        CheckReduction(Reduction.Sum, axes, keepDims, layout, Distribution.Normal, seed: 1);

    [Test]
    public void Mean([Values] AxisChoice axes, [Values] bool keepDims, [Values] Layout layout) =>
        CheckReduction(Reduction.Mean, axes, keepDims, layout, Distribution.Normal, seed: 2);

    [Test]
    public void MaxOfDistinctValues(
        [Values] AxisChoice axes, [Values] bool keepDims, [Values(Layout.Contiguous, Layout.Transposed, Layout.Strided)] Layout layout) =>
        // Distinct values: a tie would make max non-differentiable. An expanded view repeats values.
        CheckReduction(Reduction.Max, axes, keepDims, layout, Distribution.Distinct, seed: 3);

    [Test]
    public void LogSumExp([Values] AxisChoice axes, [Values] bool keepDims, [Values] Layout layout) =>
        CheckReduction(Reduction.LogSumExp, axes, keepDims, layout, Distribution.Normal, seed: 4);

    [Test]
    public void LogSumExpOfLargeValues()
    {
        // e^100 overflows float32; the shift by the maximum must keep both value and gradient finite.
        var x = Tensor.FromArray(new float[,] { { 100f, 101f, 99.5f }, { -100f, -101f, -99f } });

        GradientChecker.Check(inputs => inputs[0].LogSumExp(1), x);
    }

    [Test]
    public void ReductionOfAScalar([Values] Reduction reduction, [Values] bool keepDims)
    {
        var x = Tensor.Scalar(0.7f);

        GradientChecker.Check(inputs => Reduce(reduction, inputs[0], null, keepDims), x);
    }

    [Test]
    public void MaxTiesShareTheGradientEqually()
    {
        // Row 0 has a three-way tie, row 1 a two-way tie. Nudging one tied element moves the max only one
        // way, so there is no central difference to compare with; the rule itself is checked instead.
        var x = Tensor.FromArray(new float[,] { { 2f, 2f, 1f, 2f }, { 5f, -1f, 5f, 0f } }).RequireGrad();
        var upstream = Tensor.FromArray([3f, 10f]);

        x.Max(1).Backward(upstream);

        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 1f, 1f, 0f, 1f, 5f, 0f, 5f, 0f }).Within(1e-6f));
    }

    [Test]
    public void MaxOverAllAxesWithATieSharesTheGradient()
    {
        var x = Tensor.FromArray([4f, -1f, 4f, 4f, 0f]).RequireGrad();

        x.Max().Backward();

        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 1f / 3, 0f, 1f / 3, 1f / 3, 0f }).Within(1e-6f));
    }

    private static void CheckReduction(Reduction reduction, AxisChoice axisChoice, bool keepDims, Layout layout, Distribution distribution, ulong seed)
    {
        var generators = new TensorGenerators(seed);
        // A scalar has no axis to name; reductions of scalars are checked on their own.
        var minRank = axisChoice == AxisChoice.All ? 0 : 1;
        foreach (var shape in generators.RandomShapes(ShapesPerCase, minRank))
        {
            var axes = axisChoice switch
            {
                AxisChoice.All => null,
                AxisChoice.LastAsNegative => [-1],
                AxisChoice.FirstAsPositive => [0],
                AxisChoice.RandomSet => generators.RandomAxes(shape.Length),
                _ => throw new ArgumentOutOfRangeException(nameof(axisChoice), axisChoice, null),
            };
            var x = generators.Create(shape, distribution, layout);
            GradientChecker.Check(inputs => Reduce(reduction, inputs[0], axes, keepDims), x);
        }
    }

    private static Tensor Reduce(Reduction reduction, Tensor x, int[]? axes, bool keepDims) => reduction switch
    {
        Reduction.Sum => x.Sum(axes, keepDims),
        Reduction.Mean => x.Mean(axes, keepDims),
        Reduction.Max => x.Max(axes, keepDims),
        Reduction.LogSumExp => x.LogSumExp(axes, keepDims),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, null),
    };
}

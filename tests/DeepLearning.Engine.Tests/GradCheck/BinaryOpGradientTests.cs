using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// +, -, *, / on tensor pairs that broadcast: random shape pairs where either side may be stretched or
/// have fewer axes, fixed pairs that stretch both sides at once, and the float overloads. The backward
/// has to sum each gradient back down to its operand's shape.
/// </summary>
[OnEveryBackend]
public class BinaryOpGradientTests(IBackend backend) : BackendFixture(backend)
{
    private const int PairsPerLayout = 5;

    private static readonly Func<Tensor, Tensor, Tensor> Add = (a, b) => a + b;
    private static readonly Func<Tensor, Tensor, Tensor> Subtract = (a, b) => a - b;
    private static readonly Func<Tensor, Tensor, Tensor> Multiply = (a, b) => a * b;
    private static readonly Func<Tensor, Tensor, Tensor> Divide = (a, b) => a / b;

    /// <summary>Both sides stretched, along different axes, and a rank difference.</summary>
    private static readonly (int[] Left, int[] Right)[] StretchedBothWays =
    [
        ([3, 1], [1, 4]),
        ([2, 1, 4], [3, 1]),
        ([4], [2, 3, 1]),
        ([], [2, 3]),
        ([2, 3], []),
        ([1, 1, 1], [2, 3]),
    ];

    [Test]
    public void AddOnBroadcastPairs([Values] Layout layout) => CheckOnBroadcastPairs(Add, Distribution.Normal, layout, seed: 1);

    [Test]
    public void SubtractOnBroadcastPairs([Values] Layout layout) => CheckOnBroadcastPairs(Subtract, Distribution.Normal, layout, seed: 2);

    [Test]
    public void MultiplyOnBroadcastPairs([Values] Layout layout) => CheckOnBroadcastPairs(Multiply, Distribution.Normal, layout, seed: 3);

    [Test]
    public void DivideOnBroadcastPairs([Values] Layout layout) => CheckOnBroadcastPairs(Divide, Distribution.AwayFromZero, layout, seed: 4);

    [Test]
    public void EveryOpStretchingBothSides([Values("+", "-", "*", "/")] string op, [Values] Layout layout)
    {
        var generators = new TensorGenerators(5);
        foreach (var (left, right) in StretchedBothWays)
        {
            var a = generators.Create(left, Distribution.AwayFromZero, layout);
            var b = generators.Create(right, Distribution.AwayFromZero, layout);
            GradientChecker.Check(inputs => ByName(op)(inputs[0], inputs[1]), a, b);
        }
    }

    [Test]
    public void SameTensorOnBothSides([Values("+", "-", "*", "/")] string op, [Values] Layout layout)
    {
        // x op x: one input, two paths into it; the two gradient contributions must add up.
        var x = new TensorGenerators(6).Create([2, 3], Distribution.AwayFromZero, layout);

        GradientChecker.Check(inputs => ByName(op)(inputs[0], inputs[0]), x);
    }

    [Test]
    public void FloatOverloads([Values] Layout layout)
    {
        var generators = new TensorGenerators(7);
        var overloads = new Func<Tensor, Tensor>[]
        {
            x => x + 1.5f, x => 1.5f + x,
            x => x - 0.5f, x => 0.5f - x,
            x => x * -2f, x => 3f * x,
            x => x / 4f, x => 2f / x,
        };
        foreach (var overload in overloads)
        {
            var x = generators.Create(generators.RandomShape(), Distribution.AwayFromZero, layout);
            GradientChecker.Check(inputs => overload(inputs[0]), x);
        }
    }

    [Test]
    public void SumToShapeUndoesBroadcasting([Values] Layout layout)
    {
        var generators = new TensorGenerators(8);
        for (var i = 0; i < PairsPerLayout; i++)
        {
            var full = generators.RandomShape();
            var target = generators.BroadcastableTo(full);
            var x = generators.Create(full, Distribution.Normal, layout);
            GradientChecker.Check(inputs => inputs[0].SumToShape(target), x);
        }
    }

    private static void CheckOnBroadcastPairs(Func<Tensor, Tensor, Tensor> op, Distribution distribution, Layout layout, ulong seed)
    {
        var generators = new TensorGenerators(seed);
        for (var i = 0; i < PairsPerLayout; i++)
        {
            var (left, right) = generators.BroadcastShapes();
            var a = generators.Create(left, distribution, layout);
            var b = generators.Create(right, distribution, layout);
            GradientChecker.Check(inputs => op(inputs[0], inputs[1]), a, b);
        }
    }

    private static Func<Tensor, Tensor, Tensor> ByName(string op) => op switch
    {
        "+" => Add,
        "-" => Subtract,
        "*" => Multiply,
        "/" => Divide,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}

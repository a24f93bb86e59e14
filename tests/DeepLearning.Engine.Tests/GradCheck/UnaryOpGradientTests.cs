using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// Element-wise functions of one tensor, each checked on random shapes of rank 0..4 in every storage
/// layout. Inputs stay in each function's smooth domain: positive for log, sqrt and powers, away from 0
/// for the kinks of relu and abs.
/// </summary>
[OnEveryBackend]
public class UnaryOpGradientTests(IBackend backend) : BackendFixture(backend)
{
    private const int ShapesPerLayout = 4;

    [Test]
    public void Neg([Values] Layout layout) => CheckOnRandomShapes(x => x.Neg(), Distribution.Normal, layout, seed: 1);

    [Test]
    public void NegationOperator([Values] Layout layout) => CheckOnRandomShapes(x => -x, Distribution.Normal, layout, seed: 2);

    [Test]
    public void Exp([Values] Layout layout) => CheckOnRandomShapes(x => x.Exp(), Distribution.Normal, layout, seed: 3);

    [Test]
    public void Log([Values] Layout layout) => CheckOnRandomShapes(x => x.Log(), Distribution.Positive, layout, seed: 4);

    [Test]
    public void Sqrt([Values] Layout layout) => CheckOnRandomShapes(x => x.Sqrt(), Distribution.Positive, layout, seed: 5);

    [Test]
    public void Pow([Values(2f, 3f, 0.5f, -1f, -2.5f, 1.7f, 0f)] float exponent, [Values] Layout layout) =>
        CheckOnRandomShapes(x => x.Pow(exponent), Distribution.Positive, layout, seed: 6);

    [Test]
    public void PowWithAnIntegerExponentOfNegativeInputs([Values(2f, 3f)] float exponent, [Values] Layout layout) =>
        CheckOnRandomShapes(x => x.Pow(exponent), Distribution.Normal, layout, seed: 7);

    [Test]
    public void Tanh([Values] Layout layout) => CheckOnRandomShapes(x => x.Tanh(), Distribution.Normal, layout, seed: 8);

    [Test]
    public void Sigmoid([Values] Layout layout) => CheckOnRandomShapes(x => x.Sigmoid(), Distribution.Normal, layout, seed: 9);

    [Test]
    public void SigmoidOfLargeInputs()
    {
        // Both branches of the overflow-safe formula, where σ' = σ(1 - σ) is tiny but not zero.
        var x = Tensor.FromArray([-12f, -6f, -0.5f, 0.5f, 6f, 12f]);

        GradientChecker.Check(inputs => inputs[0].Sigmoid(), x);
    }

    [Test]
    public void Relu([Values] Layout layout) => CheckOnRandomShapes(x => x.Relu(), Distribution.AwayFromZero, layout, seed: 10);

    [Test]
    public void LeakyRelu([Values(0.01f, 0.2f)] float negativeSlope, [Values] Layout layout) =>
        CheckOnRandomShapes(x => x.LeakyRelu(negativeSlope), Distribution.AwayFromZero, layout, seed: 14);

    [Test]
    public void Softplus([Values] Layout layout) => CheckOnRandomShapes(x => x.Softplus(), Distribution.Normal, layout, seed: 15);

    [Test]
    public void SoftplusAtZeroAndOfLargeInputs()
    {
        // Smooth at 0 (where max and |x| have kinks), and σ(x) where e^x alone would overflow.
        var x = Tensor.FromArray([-30f, -4f, 0f, 4f, 30f]);

        GradientChecker.Check(inputs => inputs[0].Softplus(), x);
    }

    [Test]
    public void Abs([Values] Layout layout) => CheckOnRandomShapes(x => x.Abs(), Distribution.AwayFromZero, layout, seed: 11);

    [Test]
    public void ChainOfUnaryOps([Values] Layout layout) =>
        CheckOnRandomShapes(x => x.Tanh().Exp().Sqrt().Log().Sigmoid(), Distribution.Normal, layout, seed: 12);

    [Test]
    public void OpAppliedToItsOwnOutputTwice([Values] Layout layout) =>
        // y is read by two later ops, so its gradient is the sum of two contributions.
        CheckOnRandomShapes(x =>
        {
            var y = x.Tanh();
            return y.Exp() * y;
        }, Distribution.Normal, layout, seed: 13);

    private static void CheckOnRandomShapes(Func<Tensor, Tensor> op, Distribution distribution, Layout layout, ulong seed)
    {
        var generators = new TensorGenerators(seed);
        foreach (var shape in generators.RandomShapes(ShapesPerLayout))
        {
            var x = generators.Create(shape, distribution, layout);
            GradientChecker.Check(inputs => op(inputs[0]), x);
        }
    }
}

using DeepLearning.NN;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// Inverted dropout: in training about a fraction p of the elements is zeroed and the rest scaled by
/// 1/(1-p), so each element keeps its expected value; the mask comes from a seeded generator, so a run
/// can be replayed; in evaluation the layer is the identity.
/// </summary>
public class DropoutTests
{
    private const float P = 0.3f;

    [Test]
    public void TrainingZeroesAboutPAndScalesTheSurvivorsByOneOverOneMinusP()
    {
        var output = new Dropout(P, new Generator(1)).Forward(Tensor.Ones(100, 100)).ToArray();

        var zeroed = output.Count(value => value == 0) / (double)output.Length;
        // 10,000 Bernoulli(0.3) draws: standard deviation √(0.3·0.7/10⁴) ≈ 0.0046, so ±0.02 is over 4σ.
        Assert.That(zeroed, Is.EqualTo(P).Within(0.02));
        Assert.That(output.Where(value => value != 0), Has.All.EqualTo(1 / (1 - P)).Within(1e-6f));
        // Hence the mean stays close to the input's 1.
        Assert.That(output.Average(), Is.EqualTo(1).Within(0.03));
    }

    [Test]
    public void TheSameSeedGivesTheSameMaskAndEachCallDrawsAFreshOne()
    {
        var input = Tensor.Ones(8, 8);
        var first = new Dropout(P, new Generator(2));
        var second = new Dropout(P, new Generator(2));

        var a = first.Forward(input).ToArray();

        Assert.That(second.Forward(input).ToArray(), Is.EqualTo(a));
        Assert.That(first.Forward(input).ToArray(), Is.Not.EqualTo(a));
        Assert.That(new Dropout(P, new Generator(3)).Forward(input).ToArray(), Is.Not.EqualTo(a));
    }

    [Test]
    public void TheGradientFlowsOnlyThroughTheSurvivorsWithTheSameScale()
    {
        var input = Tensor.Randn([6, 5], new Generator(4)).RequireGrad();
        var output = new Dropout(P, new Generator(5)).Forward(input);

        output.Sum().Backward();

        // y = x · mask, so dy/dx = mask: 0 where dropped, 1/(1-p) where kept.
        var mask = output.ToArray().Zip(input.ToArray(), (y, x) => y / x);
        Assert.That(input.Grad!.ToArray(), Is.EqualTo(mask).Within(1e-5f));
    }

    [Test]
    public void EvaluationModeAndZeroProbabilityPassTheInputThrough()
    {
        var input = Tensor.Randn([4, 4], new Generator(6));
        var dropout = new Dropout(0.5f, new Generator(7));
        dropout.Eval();

        Assert.That(dropout.Forward(input), Is.SameAs(input));
        Assert.That(new Dropout(0f, new Generator(8)).Forward(input), Is.SameAs(input));
    }

    // The engine formats the number in the current culture: pin one, so that -0.1 is not written -0,1.
    [SetCulture("")]
    [TestCase(-0.1f, "-0.1")]
    [TestCase(1f, "1")]
    [TestCase(1.5f, "1.5")]
    [TestCase(float.NaN, "NaN")]
    public void AProbabilityOutsideZeroToOneIsRejected(float probability, string shown) =>
        Assert.That(() => new Dropout(probability, new Generator(9)),
            Throws.ArgumentException.With.Message.EqualTo($"Dropout: probability must be in [0, 1), got {shown}"));
}

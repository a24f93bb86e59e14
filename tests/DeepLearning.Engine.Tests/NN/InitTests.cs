using DeepLearning.NN;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// The initialisers draw from the stated distributions: uniform ones stay inside their bound and reach
/// close to it, and every one has the variance its scheme is built around (2/fan_in for Kaiming,
/// 2/(fan_in + fan_out) for Xavier), measured over 20,000 samples.
/// </summary>
public class InitTests
{
    private static readonly int[] Shape = [100, 200];

    private const int FanIn = 50;

    private const int FanOut = 30;

    private static (double Mean, double Variance) Moments(Tensor samples)
    {
        var values = samples.ToArray().Select(value => (double)value).ToArray();
        var mean = values.Average();
        return (mean, values.Average(value => (value - mean) * (value - mean)));
    }

    /// <summary>
    /// Mean 0 and the expected variance. With n = 20,000 the sample variance is within a few percent (its
    /// relative standard error is about √(2/n) ≈ 1% for a normal, less for a uniform), so 5% is safe.
    /// </summary>
    private static void AssertMoments(Tensor samples, double expectedVariance)
    {
        var (mean, variance) = Moments(samples);
        Assert.That(mean, Is.EqualTo(0).Within(4 * Math.Sqrt(expectedVariance / samples.ElementCount)));
        Assert.That(variance, Is.EqualTo(expectedVariance).Within(0.05 * expectedVariance));
    }

    /// <summary>All samples inside ±bound, and the extremes near it: a uniform on 20,000 draws fills its range.</summary>
    private static void AssertUniformBound(Tensor samples, double bound)
    {
        var values = samples.ToArray();
        Assert.That(values, Has.All.InRange(-bound, bound));
        Assert.That(values.Max(), Is.GreaterThan(0.99 * bound));
        Assert.That(values.Min(), Is.LessThan(-0.99 * bound));
    }

    [Test]
    public void KaimingUniform()
    {
        // bound = √2 · √(3/fan_in) = √(6/50) ≈ 0.346; a uniform on ±b has variance b²/3 = 2/fan_in = 0.04.
        var samples = Init.KaimingUniform(Shape, FanIn, new Generator(1));

        AssertUniformBound(samples, Math.Sqrt(6.0 / FanIn));
        AssertMoments(samples, 2.0 / FanIn);
    }

    [Test]
    public void KaimingNormal() => AssertMoments(Init.KaimingNormal(Shape, FanIn, new Generator(2)), 2.0 / FanIn);

    [Test]
    public void XavierUniform()
    {
        // bound = √(6/(50 + 30)) ≈ 0.274; variance b²/3 = 2/(fan_in + fan_out) = 0.025.
        var samples = Init.XavierUniform(Shape, FanIn, FanOut, new Generator(3));

        AssertUniformBound(samples, Math.Sqrt(6.0 / (FanIn + FanOut)));
        AssertMoments(samples, 2.0 / (FanIn + FanOut));
    }

    [Test]
    public void XavierNormal() => AssertMoments(Init.XavierNormal(Shape, FanIn, FanOut, new Generator(4)), 2.0 / (FanIn + FanOut));

    [Test]
    public void PyTorchDefaultIsUniformOnPlusMinusOneOverRootFanIn()
    {
        // bound 1/√50 ≈ 0.141; variance b²/3 = 1/(3·50).
        var samples = Init.PyTorchDefault(Shape, FanIn, new Generator(5));

        AssertUniformBound(samples, 1 / Math.Sqrt(FanIn));
        AssertMoments(samples, 1.0 / (3 * FanIn));
    }

    [Test]
    public void LinearAndConv2dUseThePyTorchDefaultWithTheirFanIn()
    {
        // Linear fan_in = in_features = 200; Conv2d fan_in = in_channels · k · k = 8 · 3 · 3 = 72.
        var linear = new Linear(200, 100, new Generator(6));
        var convolution = new Conv2d(8, 64, 3, new Generator(7));

        AssertUniformBound(linear.Weight, 1 / Math.Sqrt(200));
        Assert.That(linear.Bias!.ToArray(), Has.All.InRange(-1 / Math.Sqrt(200), 1 / Math.Sqrt(200)));
        AssertUniformBound(convolution.Weight, 1 / Math.Sqrt(72));
    }

    [Test]
    public void TheSameSeedGivesTheSameWeights()
    {
        var first = Init.KaimingNormal([3, 4], 4, new Generator(8));
        var second = Init.KaimingNormal([3, 4], 4, new Generator(8));

        Assert.That(second.ToArray(), Is.EqualTo(first.ToArray()));
    }
}

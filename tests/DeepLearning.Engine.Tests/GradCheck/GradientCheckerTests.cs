using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// The checker itself: a check that passes everything proves nothing, so these tests feed it ops with
/// deliberately wrong backwards and expect it to fail, with a message that locates the error.
/// </summary>
public class GradientCheckerTests
{
    [Test]
    public void PassesAnOpWithTheRightGradient()
    {
        var x = new TensorGenerators(1).Create([2, 3]);

        Assert.That(() => GradientChecker.Check(inputs => Square(inputs[0], backwardSign: 1f), x), Throws.Nothing);
    }

    [Test]
    public void CatchesASignErrorAndSaysWhereItIs()
    {
        var x = new TensorGenerators(2).Create([2, 3], Distribution.AwayFromZero);

        var failure = Assert.Throws<GradientCheckFailedException>(
            () => GradientChecker.Check(inputs => Square(inputs[0], backwardSign: -1f), x));

        Assert.That(failure.Message, Does.Contain("input 0 of shape (2,3)")
            .And.Contain("element [0,0]")
            .And.Contain("analytic")
            .And.Contain("numeric")
            .And.Contain("tolerance"));
    }

    [Test]
    public void ReportsTheAnalyticAndNumericValuesOfTheFirstBadElement()
    {
        var x = Tensor.FromArray([1.5f], 1);
        var options = GradientCheckOptions.Default;

        var mismatches = GradientChecker.FindMismatches(inputs => Square(inputs[0], backwardSign: -1f), [x], options);

        // d(x²)/dx = 2x = 3, scaled by the weight R that the checker put on the single output.
        var weight = Tensor.Randn([1], new Generator(options.WeightSeed)).Item();
        Assert.That(mismatches, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(mismatches[0].Numeric, Is.EqualTo(3.0 * weight).Within(1e-3));
            Assert.That(mismatches[0].Analytic, Is.EqualTo(-3.0 * weight).Within(1e-5));
            Assert.That(mismatches[0].InputIndex, Is.Zero);
            Assert.That(mismatches[0].Element, Is.EqualTo(new[] { 0 }));
        });
    }

    [Test]
    public void NamesTheInputThatIsWrong()
    {
        var generators = new TensorGenerators(3);
        var a = generators.Create([3]);
        var b = generators.Create([3]);

        // Right for a, forgotten for b.
        var failure = Assert.Throws<GradientCheckFailedException>(() => GradientChecker.Check(inputs =>
        {
            var product = Tensor.FromArray(inputs[0].ToArray()) * inputs[1].Detach();
            return Tensor.Record(product, "mul_without_b", inputs, g => [g * inputs[1], null]);
        }, a, b));

        Assert.That(failure.Message, Does.Contain("input 1 of shape (3)").And.Not.Contain("input 0"));
    }

    [Test]
    public void CatchesAGradientThatIsRightOnlyUnderAPlainSum()
    {
        // Reversing a vector, with a backward that forgets to reverse the gradient back. Under L = Σ y
        // every gradient would be 1 and this would pass; the random weighting catches it.
        var x = new TensorGenerators(4).Create([5]);

        Assert.That(() => GradientChecker.Check(inputs =>
        {
            var reversed = Tensor.FromArray(Enumerable.Reverse(inputs[0].ToArray()).ToArray());
            return Tensor.Record(reversed, "reverse_wrong", inputs, g => [g]);
        }, x), Throws.TypeOf<GradientCheckFailedException>());
    }

    [Test]
    public void CatchesAGradientOffByAFewPercent()
    {
        var x = new TensorGenerators(5).Create([4], Distribution.AwayFromZero);

        Assert.That(() => GradientChecker.Check(inputs => Square(inputs[0], backwardSign: 1.05f), x),
            Throws.TypeOf<GradientCheckFailedException>());
    }

    [Test]
    public void SumsTheGradientsOfPositionsThatShareStorage()
    {
        // An expanded input: its three rows are one storage row, nudged together.
        var x = new TensorGenerators(6).Create([3, 4], layout: Layout.Expanded);

        Assert.That(() => GradientChecker.Check(inputs => (inputs[0] * inputs[0]).Tanh(), x), Throws.Nothing);
    }

    [Test]
    public void RejectsInputsThatShareStorage()
    {
        var storage = Tensor.Randn(4, 4);

        Assert.That(() => GradientChecker.Check(inputs => inputs[0] + inputs[1], storage.Slice(0, 0, 2), storage.Slice(0, 2, 4)),
            Throws.ArgumentException.With.Message.Contains("share storage"));
    }

    /// <summary>x², with a backward of sign · 2x · g: sign 1 is right, anything else is wrong.</summary>
    private static Tensor Square(Tensor x, float backwardSign)
    {
        Tensor value;
        using (Autograd.NoGrad())
        {
            value = x * x;
        }
        return Tensor.Record(value, "square", [x], g => [g * (2f * backwardSign) * x]);
    }
}

using DeepLearning.Optim;

namespace DeepLearning.Tests.OptimTests;

/// <summary>
/// A few optimizer steps on a two-element parameter θ = (1, -2) with gradients set by hand, against the
/// update rules worked out in the comments (torch.optim semantics), plus the bookkeeping around them.
/// </summary>
public class OptimizerTests
{
    private const float LearningRate = 0.1f;

    private static Tensor Theta() => Tensor.FromArray(1f, -2f).RequireGrad();

    /// <summary>Sets θ's gradient to <paramref name="gradient"/> and takes one step.</summary>
    private static void StepWith(Optimizer optimizer, Tensor theta, params float[] gradient)
    {
        theta.Grad = Tensor.FromArray(gradient);
        optimizer.Step();
    }

    [Test]
    public void PlainSgdStepsAgainstTheGradient()
    {
        // θ ← θ - η g with g = (0.5, -1): each step moves θ by (-0.05, +0.1).
        var theta = Theta();
        var sgd = new Sgd([theta], LearningRate);

        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.95f, -1.9f }).Within(1e-6f));
        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.9f, -1.8f }).Within(1e-6f));
    }

    [Test]
    public void SgdWithMomentumAccumulatesAVelocity()
    {
        // v ← 0.9 v + g (v = g on the first step); θ ← θ - η v. With g = (0.5, -1) every step:
        //   1: v = (0.5, -1)                          θ = (1 - 0.05, -2 + 0.1)       = (0.95, -1.9)
        //   2: v = (0.45 + 0.5, -0.9 - 1) = (0.95, -1.9)   θ = (0.95 - 0.095, -1.9 + 0.19) = (0.855, -1.71)
        //   3: v = (0.855 + 0.5, -1.71 - 1) = (1.355, -2.71) θ = (0.855 - 0.1355, -1.71 + 0.271) = (0.7195, -1.439)
        var theta = Theta();
        var sgd = new Sgd([theta], LearningRate, momentum: 0.9f);

        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.95f, -1.9f }).Within(1e-6f));
        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.855f, -1.71f }).Within(1e-6f));
        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.7195f, -1.439f }).Within(1e-6f));
    }

    [Test]
    public void NesterovLooksAheadAlongTheVelocity()
    {
        // v ← 0.9 v + g; d = g + 0.9 v; θ ← θ - η d. With g = (0.5, -1):
        //   1: v = (0.5, -1),    d = (0.5 + 0.45, -1 - 0.9)    = (0.95, -1.9)   θ = (0.905, -1.81)
        //   2: v = (0.95, -1.9), d = (0.5 + 0.855, -1 - 1.71)  = (1.355, -2.71) θ = (0.905 - 0.1355, -1.81 + 0.271) = (0.7695, -1.539)
        var theta = Theta();
        var sgd = new Sgd([theta], LearningRate, momentum: 0.9f, nesterov: true);

        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.905f, -1.81f }).Within(1e-6f));
        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.7695f, -1.539f }).Within(1e-6f));
    }

    [Test]
    public void SgdWeightDecayAddsLambdaThetaToTheGradient()
    {
        // g' = g + 0.1 θ; θ ← θ - η g'. With g = (0.5, -1):
        //   1: g' = (0.5 + 0.1, -1 - 0.2)     = (0.6, -1.2)     θ = (1 - 0.06, -2 + 0.12)       = (0.94, -1.88)
        //   2: g' = (0.5 + 0.094, -1 - 0.188) = (0.594, -1.188) θ = (0.94 - 0.0594, -1.88 + 0.1188) = (0.8806, -1.7612)
        var theta = Theta();
        var sgd = new Sgd([theta], LearningRate, weightDecay: 0.1f);

        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.94f, -1.88f }).Within(1e-6f));
        StepWith(sgd, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.8806f, -1.7612f }).Within(1e-6f));
    }

    [Test]
    public void AdamWithBiasCorrection()
    {
        // m ← 0.9 m + 0.1 g; v ← 0.999 v + 0.001 g²; m̂ = m/(1 - 0.9ᵗ); v̂ = v/(1 - 0.999ᵗ); θ ← θ - η m̂/(√v̂ + ε).
        // t=1, g = (0.5, -1): m = (0.05, -0.1), v = (0.00025, 0.001); m̂ = m/0.1 = g, v̂ = v/0.001 = g²,
        //   so the step is η·g/|g| = (0.1, -0.1): without the correction it would be √10 times larger.
        //   θ = (0.9, -1.9).
        // t=2, g = (0.1, 0.5):
        //   θ₀: m = 0.045 + 0.01 = 0.055,  v = 0.00024975 + 0.00001 = 0.00025975;
        //       m̂ = 0.055/0.19 = 0.289474, v̂ = 0.00025975/0.001999 = 0.129940, √v̂ = 0.360472; step 0.1·0.289474/0.360472 = 0.080304
        //   θ₁: m = -0.09 + 0.05 = -0.04,  v = 0.000999 + 0.00025 = 0.001249;
        //       m̂ = -0.210526, v̂ = 0.624812, √v̂ = 0.790451; step = -0.026634
        //   θ = (0.9 - 0.080304, -1.9 + 0.026634) = (0.819696, -1.873366).
        // t=3, g = (-0.2, 0.5): the same arithmetic (1 - 0.9³ = 0.271, 1 - 0.999³ = 0.002997) gives steps
        //   (0.034435, 0.007308), θ = (0.785261, -1.880674).
        var theta = Theta();
        var adam = new Adam([theta], LearningRate);

        StepWith(adam, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.9f, -1.9f }).Within(1e-6f));
        StepWith(adam, theta, 0.1f, 0.5f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.819696f, -1.873366f }).Within(2e-6f));
        StepWith(adam, theta, -0.2f, 0.5f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.785261f, -1.880674f }).Within(2e-6f));
    }

    [Test]
    public void AdamWShrinksThetaBeforeTheAdamStep()
    {
        // θ ← θ - η λ θ (λ = 0.1, so θ × 0.99), then the Adam step, whose moments see g alone and so are
        // those of the test above:
        //   1: θ = (0.99, -1.98) - (0.1, -0.1) = (0.89, -1.88)
        //   2: θ = (0.8811, -1.8612) - (0.080304, -0.026634) = (0.800796, -1.834566)
        var theta = Theta();
        var adamW = new AdamW([theta], LearningRate, weightDecay: 0.1f);

        StepWith(adamW, theta, 0.5f, -1f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.89f, -1.88f }).Within(1e-6f));
        StepWith(adamW, theta, 0.1f, 0.5f);
        Assert.That(theta.ToArray(), Is.EqualTo(new[] { 0.800796f, -1.834566f }).Within(2e-6f));
    }

    [Test]
    public void AdamL2DecayIsNormalisedAwayButAdamWDecayIsNot()
    {
        // With a zero loss gradient only the decay acts, λ = 0.1:
        //   Adam:  g = λθ = (0.1, -0.2); m̂ = g, v̂ = g², so the step is η·sign(θ) = 0.1, whatever θ's size.
        //   AdamW: θ ← θ(1 - ηλ) = 0.99 θ; the moments stay 0 and the Adam step is 0/(0 + ε) = 0.
        var adamTheta = Theta();
        var adamWTheta = Theta();
        var adam = new Adam([adamTheta], LearningRate, weightDecay: 0.1f);
        var adamW = new AdamW([adamWTheta], LearningRate, weightDecay: 0.1f);

        StepWith(adam, adamTheta, 0f, 0f);
        StepWith(adamW, adamWTheta, 0f, 0f);

        Assert.That(adamTheta.ToArray(), Is.EqualTo(new[] { 0.9f, -1.9f }).Within(1e-6f));
        Assert.That(adamWTheta.ToArray(), Is.EqualTo(new[] { 0.99f, -1.98f }).Within(1e-6f));
    }

    [Test]
    public void AParameterWithoutAGradientIsLeftAlone()
    {
        // Not even weight decay touches it, as in PyTorch: no gradient means no step.
        var used = Theta();
        var unused = Tensor.FromArray(3f, 4f).RequireGrad();
        var sgd = new Sgd([used, unused], LearningRate, momentum: 0.9f, weightDecay: 0.1f);

        StepWith(sgd, used, 0.5f, -1f);

        Assert.That(unused.ToArray(), Is.EqualTo(new[] { 3f, 4f }));
        Assert.That(used.ToArray(), Is.EqualTo(new[] { 0.94f, -1.88f }).Within(1e-6f));
    }

    [Test]
    public void AdamCountsStepsPerParameterSoALateParameterGetsAFirstStepCorrection()
    {
        // torch.optim.Adam keeps a step count per parameter, raised only when the parameter has a gradient.
        // `late` first gets a gradient on the optimizer's second step; for it that is t = 1, so m̂ = g,
        // v̂ = g² and it moves by exactly η = 0.1. With the optimizer's t = 2 instead it would move by
        // 0.1 · (0.1/0.19) / √(0.001/0.001999) ≈ 0.0744.
        var early = Theta();
        var late = Tensor.FromArray(5f).RequireGrad();
        var adam = new Adam([early, late], LearningRate);

        StepWith(adam, early, 0.5f, -1f);
        late.Grad = Tensor.FromArray(2f);
        StepWith(adam, early, 0.1f, 0.5f);

        Assert.That(late.Item(), Is.EqualTo(4.9f).Within(1e-6f));
        Assert.That(early.ToArray(), Is.EqualTo(new[] { 0.819696f, -1.873366f }).Within(2e-6f));
    }

    [Test]
    public void ZeroGradForgetsEveryGradient()
    {
        Tensor first = Theta(), second = Theta();
        var sgd = new Sgd([first, second], LearningRate);
        first.Grad = Tensor.Ones(2);
        second.Grad = Tensor.Ones(2);

        sgd.ZeroGrad();

        Assert.That(first.Grad, Is.Null);
        Assert.That(second.Grad, Is.Null);
    }

    // The engine formats the number in the current culture: pin one, so that -0.5 is not written -0,5.
    [SetCulture("")]
    [TestCase(0f, "0")]
    [TestCase(-0.5f, "-0.5")]
    [TestCase(float.NaN, "NaN")]
    public void ALearningRateThatIsNotPositiveIsRejected(float learningRate, string shown) =>
        Assert.That(() => new Sgd([Theta()], learningRate),
            Throws.ArgumentException.With.Message.EqualTo($"optimizer: the learning rate must be a positive number, got {shown}"));

    [Test]
    public void ParametersMustBeLeavesThatRequireGrad()
    {
        var frozen = Tensor.Ones(2);
        frozen.Name = "frozen";

        Assert.That(() => new Adam([frozen]),
            Throws.ArgumentException.With.Message.EqualTo("optimizer: parameter 'frozen' must be a leaf that requires grad"));
        Assert.That(() => new Adam([Theta() * 2f]),
            Throws.ArgumentException.With.Message.EqualTo("optimizer: parameter '(2)' must be a leaf that requires grad"));
        Assert.That(() => new Sgd([Theta()], LearningRate, nesterov: true),
            Throws.ArgumentException.With.Message.EqualTo("sgd: Nesterov momentum needs a momentum above 0"));
    }
}

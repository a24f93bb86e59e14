using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:4.1"), WriteItYourself("Linear")]
public sealed class Task4_1_LinearForward(Func<Tensor, Tensor, Tensor?, Tensor> linearForward)
{
    public Task4_1_LinearForward() : this(Layers.LinearForward) { }

    [Test, Hint("X (N, in) times Wᵀ (in, out), then add b, which broadcasts over the rows")]
    public void WithBias() => LinearAssert.MatchesModule(linearForward, batch: 3, inFeatures: 4, outFeatures: 2, bias: true);

    [Test, Hint("with no bias, return X Wᵀ")]
    public void WithoutBias() => LinearAssert.MatchesModule(linearForward, batch: 2, inFeatures: 3, outFeatures: 5, bias: false);
}

internal static class LinearAssert
{
    public static void MatchesModule(Func<Tensor, Tensor, Tensor?, Tensor> linearForward, int batch, int inFeatures, int outFeatures, bool bias)
    {
        var layer = new Linear(inFeatures, outFeatures, new Generator(50), bias);
        var input = TensorAssert.Random(51, batch, inFeatures);
        Tensor expected;
        using (Autograd.NoGrad())
        {
            expected = layer.Forward(input);
        }
        var actual = linearForward(input, layer.Weight.Detach(), layer.Bias?.Detach());
        var comparison = new Comparison
        {
            Suspects = layer.Bias is null ? [] : [new("the bias b is not added: Y = X Wᵀ + b", expected - layer.Bias.Detach())],
            Position = index => $"row n = {index[0]}, output feature {index[1]}",
        };
        TensorAssert.Close(expected, actual, $"Y = X Wᵀ + b of shape (N, out) for Linear({inFeatures} → {outFeatures}{(bias ? "" : ", no bias")}) on a batch of N = {batch}", comparison: comparison);
    }
}

[TestFixture, Category("task:4.2"), WriteItYourself("Init")]
public sealed class Task4_2_KaimingNormal(Func<int, int, Generator, Tensor> kaimingNormal)
{
    public Task4_2_KaimingNormal() : this(Layers.KaimingNormal) { }

    [Test, Hint("Tensor.Randn(shape, generator) scaled by √(2/fan_in); the shape is (out, in)")]
    public void ShapeMeanAndVariance()
    {
        var weights = kaimingNormal(64, 128, new Generator(60));
        TensorAssert.Equal([64, 128], weights.Shape, "shape of a (64 out, 128 in) weight", new Comparison
        {
            Suspects = [Suspect.Numbers("the shape is (in, out); a weight is (out, in), as in Linear", 128, 64)],
        });
        var values = weights.ToArray();
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.That(mean, Is.EqualTo(0).Within(0.02), "mean of the weights");
        var ratio = variance / (2.0 / 128);
        var cause = Math.Abs(ratio - 0.5) < 0.1 ? "the variance is 1/fan_in (LeCun's); Kaiming's, for ReLU, is 2/fan_in: scale by √(2/fan_in)"
            : Math.Abs(ratio - 2.0 / 128) < 0.1 * 2.0 / 128 ? "the standard deviation is 2/fan_in; the variance is: scale by its square root, √(2/fan_in)"
            : Math.Abs(ratio - 64) < 6.4 ? "fan_in is the number of inputs, 128, not the outputs, 64: scale by √(2/128)"
            : null;
        Assert.That(variance, Is.EqualTo(2.0 / 128).Within(0.1 * 2.0 / 128), "variance of the weights (2/fan_in = 2/128)" + TensorAssert.CauseLine(cause));
    }

    [Test, Hint("draw every number from the generator you are given, so that a seed reproduces the weights")]
    public void UsesTheGivenGenerator() =>
        TensorAssert.Close(kaimingNormal(3, 5, new Generator(7)), kaimingNormal(3, 5, new Generator(7)), "two draws with the same seed", 0);
}

[TestFixture, Category("task:4.3"), WriteItYourself("Optimizer", "Sgd", "Adam")]
public sealed class Task4_3_SgdTrainingStep(Func<Linear, Tensor, int[], float, float> sgdTrainingStep)
{
    public Task4_3_SgdTrainingStep() : this(Layers.SgdTrainingStep) { }

    [Test, Weight(2), Hint("forward, Losses.CrossEntropy, ZeroGrad, Backward, then inside Autograd.NoGrad() move each parameter by -lr·grad (AddInPlace)")]
    public void OneStepMatchesSgd() => TrainingStepAssert.MatchesSgd(sgdTrainingStep, steps: 1);

    [Test, Hint("the gradients of the previous step are still there: clear them (ZeroGrad) before Backward, which adds (+=)")]
    public void TwoStepsMatchSgd() => TrainingStepAssert.MatchesSgd(sgdTrainingStep, steps: 2);
}

/// <summary>Runs the learner's step and the engine's Sgd on two copies of one model and compares them.</summary>
internal static class TrainingStepAssert
{
    public static void MatchesSgd(Func<Linear, Tensor, int[], float, float> sgdTrainingStep, int steps)
    {
        const float learningRate = 0.5f;
        var learner = new Linear(4, 3, new Generator(70));
        var reference = new Linear(4, 3, new Generator(70));
        var optimizer = new Optim.Sgd(reference.Parameters(), learningRate);
        var inputs = TensorAssert.Random(71, 5, 4);
        int[] targets = [0, 2, 1, 1, 0];
        var previousStep = Tensor.ZerosLike(reference.Weight);
        for (var step = 1; step <= steps; step++)
        {
            var before = reference.Weight.Detach().Clone();
            optimizer.ZeroGrad();
            var expectedLoss = Losses.CrossEntropy(reference.Forward(inputs), targets);
            expectedLoss.Backward();
            optimizer.Step();
            var loss = sgdTrainingStep(learner, inputs, targets, learningRate);
            TensorAssert.Close(expectedLoss.Item(), loss, $"loss returned by step {step}", 1e-5);
            // θ - η·∇θ is expected; the sign flipped gives θ + η·∇θ, and gradients never cleared add the last step's again.
            var after = reference.Weight.Detach();
            List<Suspect> suspects = [new("the parameters move up the gradient: θ ← θ - η·∇θ, with a minus", 2 * before - after)];
            if (step > 1)
            {
                suspects.Add(new("the gradients of the previous step were not cleared: call ZeroGrad before Backward, which adds to them", after + previousStep));
            }
            var comparison = new Comparison { Suspects = suspects, Position = index => $"W[{index[0]}, {index[1]}]" };
            TensorAssert.Close(after, learner.Weight.Detach(), $"W after step {step}", comparison: comparison);
            TensorAssert.Close(reference.Bias!.Detach(), learner.Bias!.Detach(), $"b after step {step}");
            previousStep = after - before;
        }
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:4.a")]
public sealed class Question4_a(Func<char> answer)
{
    public Question4_a() : this(Layers.Question4A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("4.a", answer(), "f1baf0416f448a89e20f15e99a338b1c4a163e7a0a3bea832a5e215146c114d0",
            lookAgainAt: "y = x Wᵀ + b: (N, in) times (in, out)");
}

[TestFixture, Category("task:4.b")]
public sealed class Question4_b(Func<int> answer)
{
    public Question4_b() : this(Layers.Question4B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("4.b", answer(), "e32a5afd7e02aaa648726d25f68c66764fba1b552a8633feb7c1aabdd1d4dc19",
            lookAgainAt: "each Linear(in, out) has in·out weights and out biases; Flatten and ReLU have none");
}

[TestFixture, Category("task:4.c")]
public sealed class Question4_c(Func<int> answer)
{
    public Question4_c() : this(Layers.Question4C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("4.c", answer(), "196b301676e165542831e94da0be261fea8b106c7e262fcf4f725bd2217336d5",
            lookAgainAt: "5,000 / 64 (the 6,000 less the 1,000 set aside for validation), and what happens to the images left over");
}

using DeepLearning.NN;
using DeepLearning.Optim;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:5.1"), WriteItYourself("Optimizer", "Sgd")]
public sealed class Task5_1_SgdMomentumStep(Action<float[], float[], float[], float, float> sgdMomentumStep)
{
    public Task5_1_SgdMomentumStep() : this(Optimization.SgdMomentumStep) { }

    [Test, Hint("v ← μ·v + g first, then θ ← θ - η·v; update the arrays in place")]
    public void TwoStepsByHand()
    {
        float[] parameters = [1, 2], velocity = [0, 0];
        sgdMomentumStep(parameters, [0.5f, -1], velocity, 0.1f, 0.9f);
        TensorAssert.Close([0.5f, -1], velocity, "v after step 1", comparison: new Comparison
        {
            Suspects =
            [
                new("v is unchanged: update the arrays in place (velocity[i] = ...), do not replace them", Tensor.Zeros(2)),
                new("η is folded into v: v ← μ·v + g, then θ ← θ - η·v", Tensor.FromArray([0.05f, -0.1f], 2)),
            ],
        });
        TensorAssert.Close([0.95f, 2.1f], parameters, "θ after step 1", comparison: new Comparison
        {
            Suspects = [new("θ is unchanged: update the arrays in place (parameters[i] -= ...), do not replace them", Tensor.FromArray([1f, 2], 2))],
        });
        sgdMomentumStep(parameters, [0.5f, -1], velocity, 0.1f, 0.9f);
        TensorAssert.Close([0.95f, -1.9f], velocity, "v after step 2 (μ·v + g)");
        TensorAssert.Close([0.855f, 2.29f], parameters, "θ after step 2", comparison: new Comparison
        {
            Suspects = [new("θ moves by η·g: with momentum it moves by η·v, the velocity just updated", Tensor.FromArray([0.9f, 2.2f], 2))],
        });
    }

    [Test, Hint("the same update as torch.optim.SGD(momentum=μ)")]
    public void MatchesTheEngineOverThreeSteps() => OptimizerAssert.MatchesEngine(
        parameters => new Sgd([parameters], 0.05f, momentum: 0.8f),
        (parameters, gradients, state, _) => sgdMomentumStep(parameters, gradients, state[0], 0.05f, 0.8f),
        steps: 3, seed: 80);
}

[TestFixture, Category("task:5.2"), WriteItYourself("Optimizer", "Adam", "AdamW")]
public sealed class Task5_2_AdamStep(Action<float[], float[], float[], float[], int, float, float, float, float> adamStep)
{
    public Task5_2_AdamStep() : this(Optimization.AdamStep) { }

    [Test, Weight(2), Hint("update m and s, then correct each by 1 - β^step (step starts at 1), then θ -= η·m̂/(√ŝ + ε)")]
    public void MatchesTheEngineOverThreeSteps() => OptimizerAssert.MatchesEngine(
        parameters => new Adam([parameters], 0.01f),
        (parameters, gradients, state, step) => adamStep(parameters, gradients, state[0], state[1], step, 0.01f, 0.9f, 0.999f, 1e-8f),
        steps: 3, seed: 90);
}

/// <summary>
/// Runs a learner's in-place update and an engine optimizer side by side on the same parameters and gradients. A
/// wrong step is compared with the right one as a move: Adam's first move without the bias correction is
/// (1 - β₁)/√(1 - β₂) ≈ 3.16 times the right one, whatever the gradient.
/// </summary>
internal static class OptimizerAssert
{
    public static void MatchesEngine(Func<Tensor, Optimizer> createEngine, Action<float[], float[], float[][], int> learnerStep, int steps, ulong seed)
    {
        var engineParameters = TensorAssert.Random(seed, 6).RequireGrad();
        var learnerParameters = engineParameters.ToArray();
        var engine = createEngine(engineParameters);
        float[][] state = [new float[6], new float[6]];
        for (var step = 1; step <= steps; step++)
        {
            var gradients = TensorAssert.Random(seed + (ulong)step, 6);
            engineParameters.Grad = gradients;
            engine.Step();
            var before = learnerParameters.ToArray();
            learnerStep(learnerParameters, gradients.ToArray(), state, step);
            TensorAssert.Close(engineParameters.ToArray(), learnerParameters, $"θ after step {step}", 1e-5f, Moves(before, engineParameters.ToArray(), learnerParameters, step));
        }
    }

    // The moves θ_before - θ_after of the learner and of the engine: one a constant multiple of the other is a known slip.
    private static Comparison Moves(float[] before, float[] expected, float[] actual, int step)
    {
        var expectedMove = before.Zip(expected, (b, e) => (double)b - e).ToArray();
        var actualMove = before.Zip(actual, (b, a) => (double)b - a).ToArray();
        var factor = expectedMove.Zip(actualMove, (e, a) => e * a).Sum() / expectedMove.Sum(e => e * e);
        var proportional = expectedMove.Zip(actualMove).All(pair => Math.Abs(pair.Second - factor * pair.First) <= 1e-5 * (1 + Math.Abs(pair.Second)));
        var cause = !proportional ? null
            : step == 1 && Math.Abs(factor - 0.1 / Math.Sqrt(0.001)) < 0.01 ? "the first move is (1 - β₁)/√(1 - β₂) ≈ 3.16 times too large: the bias correction is missing, m̂ = m / (1 - β₁^t), ŝ = s / (1 - β₂^t)"
            : Math.Abs(factor + 1) < 1e-3 ? "the parameters move up the gradient: θ ← θ - ..., with a minus"
            : null;
        return new Comparison { Suspects = cause is null ? [] : [new(cause, Tensor.FromArray(actual, actual.Length))] };
    }
}

[TestFixture, Category("task:5.3"), WriteItYourself("Dropout")]
public sealed class Task5_3_InvertedDropoutMask(Func<int, float, Generator, float[]> invertedDropoutMask)
{
    public Task5_3_InvertedDropoutMask() : this(Optimization.InvertedDropoutMask) { }

    [Test, Hint("each element is 0 with probability p and 1/(1-p) otherwise, so the mean stays near 1")]
    public void DropsAQuarterAndRescales()
    {
        var mask = invertedDropoutMask(10_000, 0.25f, new Generator(100));
        Assert.That(mask, Has.Length.EqualTo(10_000), "mask length");
        var kept = mask.FirstOrDefault(m => m != 0 && Math.Abs(m - 4f / 3) >= 1e-5);
        var scaleCause = kept == 1 ? "the kept elements are not rescaled: they must be 1/(1 - p), so that the mean stays 1"
            : Math.Abs(kept - 4) < 1e-5 ? "the kept elements are scaled by 1/p; inverted dropout scales by 1/(1 - p), the probability of keeping"
            : null;
        Assert.That(mask.All(m => m == 0 || Math.Abs(m - 4f / 3) < 1e-5), Is.True, $"every element should be 0 or 1/(1-0.25) = 1.3333; found {kept}" + TensorAssert.CauseLine(scaleCause));
        var dropped = mask.Count(m => m == 0) / 10_000.0;
        var dropCause = Math.Abs(dropped - 0.75) < 0.03 ? "three quarters are dropped: p = 0.25 is the probability of dropping an element, not of keeping it" : null;
        Assert.That(dropped, Is.EqualTo(0.25).Within(0.03), "fraction of dropped elements" + TensorAssert.CauseLine(dropCause));
        Assert.That(mask.Average(), Is.EqualTo(1).Within(0.05), "mean of the mask");
    }

    [Test, Hint("with p = 0 nothing is dropped and 1/(1-p) = 1")]
    public void ProbabilityZeroKeepsEverything() =>
        TensorAssert.Close(Enumerable.Repeat(1f, 100).ToArray(), invertedDropoutMask(100, 0, new Generator(101)), "mask with p = 0");

    [Test, Hint("one generator.NextFloat() per element, in order: mᵢ = 0 when the draw is below p, 1/(1-p) otherwise")]
    public void DropsWhereTheDrawIsBelowP()
    {
        const float p = 0.25f;
        var draws = new Generator(102);
        var uniforms = Enumerable.Range(0, 20).Select(_ => draws.NextFloat()).ToArray();
        float[] Mask(Func<float, bool> dropped) => [.. uniforms.Select(u => dropped(u) ? 0 : 1 / (1 - p))];
        TensorAssert.Close(Mask(u => u < p), invertedDropoutMask(20, p, new Generator(102)), "the mask mᵢ of 20 elements for p = 0.25, against the draws of the same generator", comparison: new Comparison
        {
            Suspects = [new("element i is dropped when its draw is at least 1 - p; drop it when the draw is below p", Tensor.FromArray(Mask(u => u >= 1 - p), 20))],
            Position = index => $"element i = {index[0]}",
        });
    }
}

[TestFixture, Category("task:5.4"), WriteItYourself("BatchNorm", "BatchNorm1d", "BatchNorm2d")]
public sealed class Task5_4_BatchNormForward(Func<Tensor, Tensor, Tensor, float, Tensor> batchNormForward)
{
    public Task5_4_BatchNormForward() : this(Optimization.BatchNormForward) { }

    [Test, Weight(2), Hint("mean and biased variance over axis 0 (keepDims), normalise, then γ·x̂ + β")]
    public void MatchesBatchNorm1d() => BatchNormAssert.MatchesModule(batchNormForward, TensorAssert.Random(110, 4, 3), 1e-5f);
}

internal static class BatchNormAssert
{

    public static void MatchesModule(Func<Tensor, Tensor, Tensor, float, Tensor> batchNormForward, Tensor input, float epsilon)
    {
        var features = input.Size(1);
        var module = new BatchNorm1d(features, epsilon);
        var gamma = TensorAssert.Random(111, features);
        var beta = TensorAssert.Random(112, features);
        module.Weight.CopyFrom(gamma);
        module.Bias.CopyFrom(beta);
        Tensor expected;
        using (Autograd.NoGrad())
        {
            expected = module.Forward(input);
        }
        var actual = batchNormForward(input, gamma, beta, epsilon);
        var rows = input.Size(0);
        // x̂ = (y - β)/γ: a variance of another kind scales every x̂ by the same factor.
        var normalised = (expected - beta) / gamma;
        // Layer norm's axis: each row n over its features instead of each feature j over the batch.
        var rowMean = input.Mean(1, keepDims: true);
        var overFeatures = gamma * (input - rowMean) / ((input - rowMean).Pow(2).Mean(1, keepDims: true) + epsilon).Sqrt() + beta;
        var comparison = new Comparison
        {
            Suspects =
            [
                new("γ and β are not applied: y = γ·x̂ + β", normalised),
                new("each row n is normalised over its features (axis 1), as layer norm does; batch norm normalises each feature j over the batch, axis 0", overFeatures),
                new($"the variance is the unbiased one, divided by N - 1 = {rows - 1}; batch norm in training divides by N = {rows}", normalised * MathF.Sqrt((rows - 1f) / rows) * gamma + beta),
            ],
            Position = index => $"row n = {index[0]}, feature j = {index[1]}",
        };
        TensorAssert.Close(expected, actual, $"batch norm y of a batch x of shape (N, F) = {input.ShapeText} in training mode", comparison: comparison);
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:5.a")]
public sealed class Question5_a(Func<int> answer)
{
    public Question5_a() : this(Optimization.Question5A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("5.a", answer(), "7bfd1a8493b33fe84fe8fbc9e4ede5ddd6df49f1a7eb13233b2cd07fb462f2d8",
            lookAgainAt: "v ← μ·v + g, then θ ← θ − η·v, twice: the second step is longer than the first");
}

[TestFixture, Category("task:5.b")]
public sealed class Question5_b(Func<char> answer)
{
    public Question5_b() : this(Optimization.Question5B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("5.b", answer(), "942f354dc3eccbf485ccae61e80d36ba4680c4326cd12deed7ae1b7562cf356a",
            lookAgainAt: "m̂ and √ŝ after one step: both are the gradient's size, so their ratio is about ±1");
}

[TestFixture, Category("task:5.c")]
public sealed class Question5_c(Func<char> answer)
{
    public Question5_c() : this(Optimization.Question5C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("5.c", answer(), "17967a2a7f5790739f6947e30355f36fbbe4ace144a4c1b92e7304f5d4f28543",
            lookAgainAt: "why the survivors are multiplied by 1/(1 − p)");
}

[TestFixture, Category("task:5.5"), WriteItYourself("Tensor.Backward", "BatchNorm1d")]
public sealed class Task5_5_BatchNormBackward(Func<Tensor, Tensor, Tensor, float, (Tensor GradInput, Tensor GradGamma, Tensor GradBeta)> batchNormBackward)
{
    public Task5_5_BatchNormBackward() : this(Optimization.BatchNormBackward) { }

    [Test, Weight(2), Hint("β̄ = Σₙ ȳ, γ̄ = Σₙ ȳ·x̂ and x̄ = γ/(N·σ)·(N·ȳ - Σₙ ȳ - x̂·Σₙ ȳ·x̂): μ and σ depend on every row, so each row's ȳ reaches every x")]
    public void MatchesAutograd() => BatchNormBackwardAssert.MatchesAutograd(batchNormBackward, TensorAssert.Random(120, 5, 3), seed: 121, epsilon: 1e-5f);

    [Test, Hint("compare your x̄ with central differences of L = Σ y·ȳ: (L(x + h) - L(x - h)) / 2h, one element at a time")]
    public void MatchesNumericalGradient() => BatchNormBackwardAssert.MatchesNumericalGradient(batchNormBackward, TensorAssert.Random(122, 4, 2), seed: 123);
}

/// <summary>
/// Compares a learner's batch-norm backward with the engine's autograd through <see cref="BatchNorm1d"/> in training
/// mode, in the notebook's notation: x (N, F), ȳ the upstream gradient, x̂ = (x - μ)/σ, σ = √(σ² + ε).
/// </summary>
internal static class BatchNormBackwardAssert
{
    public static void MatchesAutograd(Func<Tensor, Tensor, Tensor, float, (Tensor GradInput, Tensor GradGamma, Tensor GradBeta)> batchNormBackward,
        Tensor input, ulong seed, float epsilon)
    {
        var (rows, features) = (input.Size(0), input.Size(1));
        var gamma = TensorAssert.Random(seed, features);
        var upstream = TensorAssert.Random(seed + 1, rows, features);
        var module = new BatchNorm1d(features, epsilon);
        module.Weight.CopyFrom(gamma);
        var x = input.Detach().RequireGrad();
        module.Forward(x).Backward(upstream);
        var (gradInput, gradGamma, gradBeta) = batchNormBackward(input.Detach(), gamma, upstream, epsilon);

        var shapes = $"x (N, F) = ({rows},{features})";
        var sizes = new (string, int)[] { ("N", rows) };
        var normalised = Normalisation.Normalise(input, epsilon, axis: 0);
        TensorAssert.Close(module.Bias.Grad!, gradBeta, $"β̄ = Σₙ ȳ, of shape (F), for {shapes}", 1e-4f, new Comparison
        {
            Sizes = sizes,
            Suspects = [new("your β̄ is γ̄ = Σₙ ȳ·x̂: return (x̄, γ̄, β̄) in that order", (upstream * normalised).Sum(0))],
            ShapeSuspects = [("β̄ is ȳ itself, (N, F): sum it over the batch, axis 0, to the shape of β", upstream.Shape)],
        });
        TensorAssert.Close(module.Weight.Grad!, gradGamma, $"γ̄ = Σₙ ȳ·x̂, of shape (F), for {shapes}", 1e-4f, new Comparison
        {
            Sizes = sizes,
            Suspects =
            [
                new("γ̄ sums ȳ·x, the raw input; y = γ·x̂ + β, so γ̄ = Σₙ ȳ·x̂, with x̂ the normalised input", (upstream * input).Sum(0)),
                new("your γ̄ is β̄ = Σₙ ȳ: return (x̄, γ̄, β̄) in that order", upstream.Sum(0)),
            ],
        });
        TensorAssert.Close(x.Grad!, gradInput, $"x̄, of shape (N, F), for {shapes}", 1e-4f, InputGradientSuspects(input, gamma, upstream, epsilon));
    }

    public static void MatchesNumericalGradient(Func<Tensor, Tensor, Tensor, float, (Tensor GradInput, Tensor GradGamma, Tensor GradBeta)> batchNormBackward,
        Tensor input, ulong seed)
    {
        const float epsilon = 1e-5f;
        var gamma = TensorAssert.Random(seed, input.Size(1));
        var upstream = TensorAssert.Random(seed + 1, input.Shape);
        var numerical = NumericalGradient.Of(x => NumericalGradient.Against(gamma * Normalisation.Normalise(x, epsilon, axis: 0), upstream), input);
        var (gradInput, _, _) = batchNormBackward(input, gamma, upstream, epsilon);
        TensorAssert.Close(numerical, gradInput, $"x̄ against central differences (h = 0.01) of L = Σ y·ȳ, x (N, F) = {input.ShapeText}", 2e-2f,
            InputGradientSuspects(input, gamma, upstream, epsilon));
    }

    private static Comparison InputGradientSuspects(Tensor input, Tensor gamma, Tensor upstream, float epsilon) => new()
    {
        Sizes = [("N", input.Size(0))],
        Suspects =
        [
            new("x̄ = γ·ȳ/σ treats μ and σ as constants; they depend on every row of x, which adds the terms -Σₙ ȳ (through μ) and -x̂·Σₙ ȳ·x̂ (through σ²)",
                Normalisation.InputGradient(input, gamma, upstream, epsilon, 0, meanPath: false, variancePath: false)),
            new("the term -Σₙ ȳ is missing: the path through the mean μ", Normalisation.InputGradient(input, gamma, upstream, epsilon, 0, meanPath: false)),
            new("the term -x̂·Σₙ ȳ·x̂ is missing: the path through the variance σ²", Normalisation.InputGradient(input, gamma, upstream, epsilon, 0, variancePath: false)),
            new("γ is missing from x̄: ȳ reaches x̂ multiplied by γ, since y = γ·x̂ + β", Normalisation.InputGradient(input, gamma, upstream, epsilon, 0, withGamma: false)),
            new("the sums run over the features (axis 1), as in layer norm; batch norm's statistics, and so its sums, are over the batch, axis 0",
                Normalisation.InputGradient(input, gamma, upstream, epsilon, axis: 1)),
        ],
        Position = index => $"row n = {index[0]}, feature j = {index[1]}",
    };
}

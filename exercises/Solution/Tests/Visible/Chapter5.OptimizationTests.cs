using DeepLearning.NN;
using DeepLearning.Optim;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:5.1")]
public sealed class Task5_1_SgdMomentumStep(Action<float[], float[], float[], float, float> sgdMomentumStep)
{
    public Task5_1_SgdMomentumStep() : this(Optimization.SgdMomentumStep) { }

    [Test, Hint("v ← μ·v + g first, then θ ← θ - η·v; update the arrays in place")]
    public void TwoStepsByHand()
    {
        float[] parameters = [1, 2], velocity = [0, 0];
        sgdMomentumStep(parameters, [0.5f, -1], velocity, 0.1f, 0.9f);
        TensorAssert.Close([0.5f, -1], velocity, "velocity after step 1");
        TensorAssert.Close([0.95f, 2.1f], parameters, "parameters after step 1");
        sgdMomentumStep(parameters, [0.5f, -1], velocity, 0.1f, 0.9f);
        TensorAssert.Close([0.95f, -1.9f], velocity, "velocity after step 2 (0.9·v + g)");
        TensorAssert.Close([0.855f, 2.29f], parameters, "parameters after step 2");
    }

    [Test, Hint("the same update as torch.optim.SGD(momentum=μ)")]
    public void MatchesTheEngineOverThreeSteps() => OptimizerAssert.MatchesEngine(
        parameters => new Sgd([parameters], 0.05f, momentum: 0.8f),
        (parameters, gradients, state, _) => sgdMomentumStep(parameters, gradients, state[0], 0.05f, 0.8f),
        steps: 3, seed: 80);
}

[TestFixture, Category("task:5.2")]
public sealed class Task5_2_AdamStep(Action<float[], float[], float[], float[], int, float, float, float, float> adamStep)
{
    public Task5_2_AdamStep() : this(Optimization.AdamStep) { }

    [Test, Weight(2), Hint("update m and v, then correct each by 1 - β^step (step starts at 1), then θ -= η·m̂/(√v̂ + ε)")]
    public void MatchesTheEngineOverThreeSteps() => OptimizerAssert.MatchesEngine(
        parameters => new Adam([parameters], 0.01f),
        (parameters, gradients, state, step) => adamStep(parameters, gradients, state[0], state[1], step, 0.01f, 0.9f, 0.999f, 1e-8f),
        steps: 3, seed: 90);
}

/// <summary>
/// Runs a learner's in-place update and an engine optimizer side by side on the same parameters and gradients.
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
            learnerStep(learnerParameters, gradients.ToArray(), state, step);
            TensorAssert.Close(engineParameters.ToArray(), learnerParameters, $"parameters after step {step}", 1e-5f);
        }
    }
}

[TestFixture, Category("task:5.3")]
public sealed class Task5_3_InvertedDropoutMask(Func<int, float, Generator, float[]> invertedDropoutMask)
{
    public Task5_3_InvertedDropoutMask() : this(Optimization.InvertedDropoutMask) { }

    [Test, Hint("each element is 0 with probability p and 1/(1-p) otherwise, so the mean stays near 1")]
    public void DropsAQuarterAndRescales()
    {
        var mask = invertedDropoutMask(10_000, 0.25f, new Generator(100));
        Assert.That(mask, Has.Length.EqualTo(10_000), "mask length");
        Assert.That(mask.All(m => m == 0 || Math.Abs(m - 4f / 3) < 1e-5), Is.True, $"every element should be 0 or 1/(1-0.25) = 1.3333; found {mask.FirstOrDefault(m => m != 0 && Math.Abs(m - 4f / 3) >= 1e-5)}");
        Assert.That(mask.Count(m => m == 0) / 10_000.0, Is.EqualTo(0.25).Within(0.03), "fraction of dropped elements");
        Assert.That(mask.Average(), Is.EqualTo(1).Within(0.05), "mean of the mask");
    }

    [Test, Hint("with p = 0 nothing is dropped and 1/(1-p) = 1")]
    public void ProbabilityZeroKeepsEverything() =>
        TensorAssert.Close(Enumerable.Repeat(1f, 100).ToArray(), invertedDropoutMask(100, 0, new Generator(101)), "mask with p = 0");
}

[TestFixture, Category("task:5.4")]
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
        TensorAssert.Close(expected, batchNormForward(input, gamma, beta, epsilon), $"batch norm of a {input.ShapeText} batch (training mode)");
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
            lookAgainAt: "m̂ and √v̂ after one step: both are the gradient's size, so their ratio is about ±1");
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

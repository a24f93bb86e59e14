using DeepLearning.Optim;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter5HiddenTests
{
    [Test, Category("task:5.1"), Hint("the velocity carries over between steps", Cause = HintCause.WrongValues)]
    public void FiveStepsMatchTheEngine() => OptimizerAssert.MatchesEngine(
        parameters => new Sgd([parameters], 0.2f, momentum: 0.5f),
        (parameters, gradients, state, _) => Optimization.SgdMomentumStep(parameters, gradients, state[0], 0.2f, 0.5f),
        steps: 5, seed: 81);

    [Test, Category("task:5.2"), Weight(2), Hint("use the β₁, β₂ and ε you are given, and the step number for the bias correction", Cause = HintCause.WrongValues)]
    public void OtherHyperparametersOverFiveSteps() => OptimizerAssert.MatchesEngine(
        parameters => new Adam([parameters], 0.05f, beta1: 0.8f, beta2: 0.99f, epsilon: 1e-6f),
        (parameters, gradients, state, step) => Optimization.AdamStep(parameters, gradients, state[0], state[1], step, 0.05f, 0.8f, 0.99f, 1e-6f),
        steps: 5, seed: 91);

    [Test, Category("task:5.3"), Hint("one NextFloat() per element, in order; drop the element when the draw is below p", Cause = HintCause.WrongValues)]
    public void FollowsTheGeneratorExactly()
    {
        var draws = new Generator(102);
        var expected = Enumerable.Range(0, 50).Select(_ => draws.NextFloat() < 0.5f ? 0f : 2f).ToArray();
        TensorAssert.Close(expected, Optimization.InvertedDropoutMask(50, 0.5f, new Generator(102)), "mask for p = 0.5 from seed 102", 0);
    }

    [Test, Category("task:5.4"), Hint("a feature that is constant over the batch has variance 0: ε keeps the division finite", Cause = HintCause.NotANumber)]
    public void ConstantFeatureAndOtherEpsilon()
    {
        var input = Tensor.FromArray(new float[,] { { 1, 3, -2, 0.5f, 7 }, { 1, -1, 4, 0.25f, 7 } });
        BatchNormAssert.MatchesModule(Optimization.BatchNormForward, input, 1e-3f);
    }

    [Test, Category("task:5.5"), Weight(2), Hint("a batch of two rows, a feature constant over the batch and another ε: x̂ = 0 there, and σ = √ε", Cause = HintCause.WrongValues)]
    public void TwoRowsConstantFeatureAndOtherEpsilon()
    {
        var input = Tensor.FromArray(new float[,] { { 1, 3, -2, 0.5f, 7 }, { 1, -1, 4, 0.25f, 7 } });
        BatchNormBackwardAssert.MatchesAutograd(Optimization.BatchNormBackward, input, seed: 124, epsilon: 1e-3f);
    }

    [Test, Category("task:5.5"), Hint("a wider batch, features of very different scales", Cause = HintCause.WrongValues)]
    public void WideBatchOfDifferentScales() => BatchNormBackwardAssert.MatchesAutograd(Optimization.BatchNormBackward,
        TensorAssert.Random(125, 16, 4) * Tensor.FromArray([0.1f, 1, 5, 20]) + Tensor.FromArray([-3f, 0, 2, 10]), seed: 126, epsilon: 1e-5f);
}

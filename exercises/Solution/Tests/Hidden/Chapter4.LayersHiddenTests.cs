namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter4HiddenTests
{
    [Test, Category("task:4.1"), Hint("a batch of one row is still (1, in)")]
    public void SingleRowBatch() => LinearAssert.MatchesModule(Layers.LinearForward, batch: 1, inFeatures: 5, outFeatures: 3, bias: true);

    [Test, Category("task:4.2"), Hint("a normal distribution, not a uniform one with the same variance", Cause = HintCause.WrongValues)]
    public void DrawsFromANormalDistribution()
    {
        var values = Layers.KaimingNormal(256, 32, new Generator(61)).ToArray();
        var sigma = Math.Sqrt(2.0 / 32);
        // About 4.6 % of normal samples lie beyond 2σ; a uniform with the same variance has none there.
        var beyondTwoSigma = values.Count(v => Math.Abs(v) > 2 * sigma) / (double)values.Length;
        Assert.That(beyondTwoSigma, Is.InRange(0.03, 0.065), "fraction of weights beyond 2σ");
        Assert.That(values.Select(v => v * v).Average(), Is.EqualTo(2.0 / 32).Within(0.1 * 2.0 / 32), "mean square (2/fan_in)");
    }

    [Test, Category("task:4.3"), Weight(2), Hint("clear the gradients before each backward, or the second step uses their sum", Cause = HintCause.WrongValues)]
    public void ThreeStepsInARow() => TrainingStepAssert.MatchesSgd(Layers.SgdTrainingStep, steps: 3);
}

using DeepLearning.Optim;

namespace DeepLearning.Tests.OptimTests;

/// <summary>The learning-rate schedules at chosen steps, worked out from their formulas.</summary>
public class LearningRateScheduleTests
{
    [Test]
    public void StepScheduleMultipliesByGammaEveryStepSizeSteps()
    {
        // η_t = 0.1 · 0.5^⌊t/3⌋: steps 0-2 at 0.1, 3-5 at 0.05, 6 at 0.025.
        var schedule = new StepSchedule(0.1f, stepSize: 3, gamma: 0.5f);

        var rates = Enumerable.Range(0, 7).Select(schedule.At);

        Assert.That(rates, Is.EqualTo(new[] { 0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.025f }).Within(1e-7f));
    }

    [TestCase(0, 0.25)] //  warm-up: η₀ (t+1)/W = 1/4
    [TestCase(1, 0.5)] //   2/4
    [TestCase(3, 1.0)] //   4/4: warm-up ends at the full rate
    [TestCase(4, 1.0)] //   cosine at progress 0: 0.1 + 0.45 (1 + cos 0) = 1
    [TestCase(6, 0.868198)] // progress (6-4)/(12-4) = 1/4: 0.1 + 0.45 (1 + cos π/4) = 0.1 + 0.45 · 1.707107
    [TestCase(8, 0.55)] //  progress 1/2: 0.1 + 0.45 (1 + cos π/2) = 0.55
    [TestCase(12, 0.1)] //  progress 1: 0.1 + 0.45 (1 + cos π) = η_min
    [TestCase(100, 0.1)] // past the end it stays at η_min
    public void CosineWithWarmupRisesLinearlyThenFollowsHalfACosine(int step, double expected)
    {
        var schedule = new CosineWithWarmupSchedule(1f, warmupSteps: 4, totalSteps: 12, minimumLearningRate: 0.1f);

        Assert.That(schedule.At(step), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void ApplySetsTheOptimizersLearningRate()
    {
        var sgd = new Sgd([Tensor.Zeros(1).RequireGrad()], learningRate: 1f);

        new StepSchedule(0.2f, stepSize: 2, gamma: 0.1f).Apply(sgd, step: 2);

        Assert.That(sgd.LearningRate, Is.EqualTo(0.02f).Within(1e-8f));
    }
}

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter11HiddenTests
{
    [Test, Category("task:11.1"), Hint("near 0 and 1 the interval stays inside [0, 1] without clipping")]
    public void SmallSamplesAndTheEnds()
    {
        WilsonAssert.Interval(EvaluationStatistics.WilsonInterval, 0, 20, 0.0, 0.161130125);
        WilsonAssert.Interval(EvaluationStatistics.WilsonInterval, 9, 10, 0.595843615, 0.982124250);
        WilsonAssert.Interval(EvaluationStatistics.WilsonInterval, 8700, 10000, 0.863266102, 0.876449728);
    }

    [Test, Category("task:11.2"), Hint("C(200, 100) overflows a long: add logarithms, exponentiate at the end")]
    public void LargeCountsInLogSpace()
    {
        TensorAssert.Close(0.0056851559967503055, EvaluationStatistics.McNemarPValue(120, 80), "the p-value for b = 120, c = 80", 1e-9);
        TensorAssert.Close(0.018207019279300234, EvaluationStatistics.McNemarPValue(600, 520), "the p-value for b = 600, c = 520", 1e-9);
    }

    [Test, Category("task:11.2"), Hint("with no disagreement there is no evidence: p = 1")]
    public void NoDisagreementsAndSmallCounts()
    {
        TensorAssert.Close(1.0, EvaluationStatistics.McNemarPValue(0, 0), "the p-value for b = 0, c = 0", 1e-12);
        TensorAssert.Close(0.25, EvaluationStatistics.McNemarPValue(3, 0), "the p-value for b = 3, c = 0", 1e-12);
        TensorAssert.Close(0.007915897334896727, EvaluationStatistics.McNemarPValue(30, 12), "the p-value for b = 30, c = 12", 1e-9);
    }

    [Test, Category("task:11.3"), Hint("empty bins add nothing; every prediction counts once, with weight 1/N")]
    public void FiveHundredPredictions()
    {
        var confidences = Enumerable.Range(0, 500).Select(i => 0.1 + 0.9 * ((i * 37) % 100) / 100.0).ToArray();
        var correct = Enumerable.Range(0, 500).Select(i => (i * 53) % 100 < confidences[i] * confidences[i] * 100).ToArray();
        TensorAssert.Close(0.1673800000000001, EvaluationStatistics.ExpectedCalibrationError(confidences, correct, 10), "the ECE of 500 predictions, 10 bins", 1e-9);
        TensorAssert.Close(0.18532, EvaluationStatistics.ExpectedCalibrationError(confidences, correct, 15), "the same, 15 bins", 1e-9);
        TensorAssert.Close(0.45, EvaluationStatistics.ExpectedCalibrationError([0.5, 0.7, 0.95, 0.05], [true, true, true, true], 4),
            "four right predictions of confidence 0.5, 0.7, 0.95 and 0.05, 4 bins", 1e-9);
    }
}

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

    [Test, Category("task:11.4"), Hint("an underconfident model gets T < 1: softmax(z / T) sharpens its probabilities")]
    public void AnUnderconfidentModelGetsATemperatureBelowOne() =>
        TemperatureAssert.Fits(EvaluationStatistics.FitTemperature, logit: 1f, right: 9, total: 10, expected: 1 / Math.Log(9));

    [Test, Category("task:11.4"), Hint("three classes, rows of different logits: the fitted T is where dNLL/dT = 0")]
    public void ThreeClassesAtTheMinimum()
    {
        // Labels drawn from softmax(z / 2): the fitted temperature is where the NLL's derivative vanishes,
        // dNLL/dT = mean_i (z_i,target - E_softmax(z_i/T)[z_i]) / T², checked here instead of a stored number.
        var random = new Random(11);
        const int rows = 600;
        var logits = new float[rows, 3];
        var targets = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = Enumerable.Range(0, 3).Select(_ => (float)(4 * random.NextDouble() - 2)).ToArray();
            var weights = row.Select(z => Math.Exp(z / 2.0)).ToArray();
            var draw = random.NextDouble() * weights.Sum();
            targets[i] = draw < weights[0] ? 0 : draw < weights[0] + weights[1] ? 1 : 2;
            for (var j = 0; j < 3; j++)
            {
                logits[i, j] = row[j];
            }
        }
        var temperature = EvaluationStatistics.FitTemperature(logits, targets);
        double Slope(double t) => Enumerable.Range(0, rows).Average(i =>
        {
            var weights = Enumerable.Range(0, 3).Select(j => Math.Exp(logits[i, j] / t)).ToArray();
            var expected = Enumerable.Range(0, 3).Sum(j => weights[j] * logits[i, j]) / weights.Sum();
            return (logits[i, targets[i]] - expected) / (t * t);
        });
        Assert.That(temperature, Is.InRange(1.5, 2.7), $"labels drawn from softmax(z / 2) should give a temperature near 2, got {temperature}");
        Assert.That(Math.Abs(Slope(temperature)), Is.LessThan(1e-6), $"dNLL/dT at your T = {temperature} is {Slope(temperature)}, not 0: the minimum is elsewhere");
    }

    [Test, Category("task:11.5"), Hint("recall per label, the mean over the labels present; a label that is predicted but never actual changes nothing")]
    public void ManyClassesAndAClassOnlyPredicted()
    {
        TensorAssert.Close(1.0, EvaluationStatistics.BalancedAccuracy([2, 0, 1, 2], [2, 0, 1, 2], 4), "all right, label 3 absent", 1e-12);
        TensorAssert.Close(0.5, EvaluationStatistics.BalancedAccuracy([3, 3, 1, 1], [0, 0, 1, 1], 4), "label 0 always predicted as 3, which never occurs", 1e-12);
        var actual = Enumerable.Range(0, 100).Select(i => i < 90 ? 0 : i < 99 ? 1 : 2).ToArray();
        var predicted = new int[100];
        TensorAssert.Close(1.0 / 3, EvaluationStatistics.BalancedAccuracy(predicted, actual, 3), "always predicting the majority label of 90, 9 and 1 examples", 1e-12);
    }

    [Test, Category("task:11.6"), Hint("seed is a number up to 2⁶⁴ - 1; text with quotes and accents must still come out as valid JSON")]
    public void LargeSeedsQuotesAndNoPackages()
    {
        var manifest = ManifestAssert.Parse(EvaluationStatistics.RunManifestJson("deadbeef", ulong.MaxValue, "a \"quoted\" source, Zürich", [],
            "reference", 1, new Dictionary<string, string>()));
        ManifestAssert.Fields(manifest, "deadbeef", ulong.MaxValue, "a \"quoted\" source, Zürich",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "reference", 1);
        Assert.That(manifest["packages"]?.AsObject().Count, Is.Zero, "no packages give an empty object, {}");
    }
}

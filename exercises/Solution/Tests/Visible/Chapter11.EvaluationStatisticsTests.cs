namespace DeepLearning.Exercises.Tests;

// The expected values were computed from the formulas in each task's comment (z = 1.96).

[TestFixture, Category("task:11.1")]
public sealed class Task11_1_WilsonInterval(Func<int, int, (double Low, double High)> wilsonInterval)
{
    public Task11_1_WilsonInterval() : this(EvaluationStatistics.WilsonInterval) { }

    [Test, Hint("centre (p̂ + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) · √(p̂(1-p̂)/n + z²/4n²)")]
    public void EightyThreePercentOfAThousand() => WilsonAssert.Interval(wilsonInterval, 830, 1000, 0.805465462, 0.852008785);

    [Test, Hint("at p̂ = 1/2 the interval is symmetric around 1/2")]
    public void HalfOfAHundred() => WilsonAssert.Interval(wilsonInterval, 50, 100, 0.403829829, 0.596170171);

    [Test, Hint("at p̂ = 1 the interval still has a width: only its upper end is 1")]
    public void AllOfAHundred() => WilsonAssert.Interval(wilsonInterval, 100, 100, 0.963005193, 1.0);
}

/// <summary>Compares both ends of an interval with the expected ones.</summary>
internal static class WilsonAssert
{
    public static void Interval(Func<int, int, (double Low, double High)> wilsonInterval, int correct, int total, double low, double high)
    {
        var interval = wilsonInterval(correct, total);
        // What the usual slips give for these counts: the Wald interval, and Wilson's without one of its z² terms.
        const double z = 1.96;
        double n = total, share = (double)correct / total;
        var waldHalfWidth = z * Math.Sqrt(share * (1 - share) / n);
        var centre = (share + z * z / (2 * n)) / (1 + z * z / n);
        var shortHalfWidth = z / (1 + z * z / n) * Math.Sqrt(share * (1 - share) / n);
        Comparison Slips(double wald, double withoutTerm) => new()
        {
            Suspects =
            [
                Suspect.Number("the plain normal (Wald) interval p̂ ± z·√(p̂(1-p̂)/n); Wilson's centre and half-width have z² terms", wald),
                Suspect.Number("the half-width lacks the z²/4n² under the square root", withoutTerm),
            ],
        };
        TensorAssert.Close(low, interval.Low, $"the lower end for {correct} correct out of n = {total}", 1e-6, Slips(share - waldHalfWidth, centre - shortHalfWidth));
        TensorAssert.Close(high, interval.High, $"the upper end for {correct} correct out of n = {total}", 1e-6, Slips(share + waldHalfWidth, centre + shortHalfWidth));
    }
}

[TestFixture, Category("task:11.2")]
public sealed class Task11_2_McNemarPValue(Func<int, int, double> mcNemarPValue)
{
    public Task11_2_McNemarPValue() : this(EvaluationStatistics.McNemarPValue) { }

    [Test, Hint("2 Σ_{i ≤ min(b,c)} C(b+c, i) / 2^(b+c), capped at 1")]
    public void FifteenAgainstFive() => TensorAssert.Close(0.04138946533203125, mcNemarPValue(15, 5), "the p-value for b = 15, c = 5", 1e-9, new Comparison
    {
        Suspects = [Suspect.Number("the one-sided tail: the test is two-sided, so double it", 0.04138946533203125 / 2)],
    });

    [Test, Hint("all disagreements on one side: only the i = 0 term, 2 / 2^n")]
    public void SixAgainstNone() => TensorAssert.Close(0.03125, mcNemarPValue(0, 6), "the p-value for b = 0, c = 6", 1e-9);

    [Test, Hint("an even split is no evidence at all: the doubled tail exceeds 1, so cap it")]
    public void AnEvenSplitGivesOne()
    {
        var p = mcNemarPValue(10, 10);
        TensorAssert.Close(1.0, p, "the p-value for b = 10, c = 10", 1e-9, new Comparison
        {
            Suspects = p > 1 ? [Suspect.Number("a p-value above 1: the doubled tail counts the middle term twice; cap it at 1", p)] : [],
        });
    }

    [Test, Hint("with no disagreements at all there is no evidence either way: p = 1")]
    public void NoDisagreementsGiveOne()
    {
        var p = mcNemarPValue(0, 0);
        TensorAssert.Close(1.0, p, "the p-value for b = 0, c = 0 (no disagreements)", 1e-12, new Comparison
        {
            Suspects = [Suspect.Number($"with no disagreements at all (b + c = 0) the p-value is 1, not {p}: the sum has the one term C(0, 0) 2⁰ = 1", p)],
        });
    }

    [Test, Hint("C(200, 100) is about 9·10⁵⁸, past a long, and 200! is past a double: sum the terms in log space, with Math.Log and Math.Exp")]
    public void TwoHundredDisagreements()
    {
        var p = mcNemarPValue(110, 90);
        TensorAssert.Close(0.17896403953325127, p, "the p-value for b = 110, c = 90", 1e-9, new Comparison
        {
            Suspects = double.IsFinite(p) && p >= 0 ? [] : [Suspect.Number("the binomial coefficients overflowed (200! is about 10³⁷⁵): sum the terms in log space, with Math.Log and Math.Exp", p)],
        });
    }
}

[TestFixture, Category("task:11.3")]
public sealed class Task11_3_ExpectedCalibrationError(Func<double[], bool[], int, double> expectedCalibrationError)
{
    public Task11_3_ExpectedCalibrationError() : this(EvaluationStatistics.ExpectedCalibrationError) { }

    [Test, Hint("bin ⌊c·bins⌋; each bin's gap |accuracy − mean confidence| weighs its share of the predictions")]
    public void TwoPredictions() =>
        TensorAssert.Close(0.35, expectedCalibrationError([0.9, 0.6], [true, false], 10), "the ECE of 0.9 (right) and 0.6 (wrong), 10 bins", 1e-9, new Comparison
        {
            Suspects =
            [
                Suspect.Number("the gaps are averaged over all 10 bins; weigh each bin's gap by its share of the predictions", 0.07),
                Suspect.Number("the gaps are signed: take |accuracy − mean confidence|", -0.25),
            ],
        });

    [Test, Hint("a confidence of exactly 1 belongs to the last bin, not to a bin past the end")]
    public void AConfidenceOfOne() =>
        TensorAssert.Close(0.48333333333333334, expectedCalibrationError([1.0, 1.0, 0.55], [true, false, true], 5),
            "the ECE of 1.0 (right), 1.0 (wrong) and 0.55 (right), 5 bins", 1e-9, new Comparison
            {
                Suspects = [Suspect.Number("each non-empty bin's gap counts the same; weigh it by its share of the predictions (2 of 3, 1 of 3)", 0.475)],
            });

    [Test, Hint("bin b holds [(b-1)/B, b/B): a confidence on a bin's lower edge belongs to that bin, bin ⌊c·bins⌋")]
    public void ALowerEdgeBelongsToItsBin() =>
        TensorAssert.Close(0.525, expectedCalibrationError([0.5, 0.45], [false, true], 2), "the ECE of 0.5 (wrong) and 0.45 (right), 2 bins", 1e-9, new Comparison
        {
            Suspects = [Suspect.Number("c = 0.5 went into the first bin, [0, 0.5); the bins include their lower edge, so it belongs to bin ⌊c·bins⌋ = 1, [0.5, 1]", 0.025)],
        });
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:11.a")]
public sealed class Question11_a(Func<char> answer)
{
    public Question11_a() : this(EvaluationStatistics.Question11A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("11.a", answer(), "930121786fb109734cd83a326ee1cca24d670db8959c1d19b338ef41907c0eee",
            lookAgainAt: "the √n in the interval's half-width");
}

[TestFixture, Category("task:11.b")]
public sealed class Question11_b(Func<char> answer)
{
    public Question11_b() : this(EvaluationStatistics.Question11B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("11.b", answer(), "5a1c84ce5eb297f5e1909d0eff3721d0b34529a766cd7ddf3d6918f8e05a6d6b",
            lookAgainAt: "what McNemar's test counts: the split of the disagreements, not their difference");
}

[TestFixture, Category("task:11.c")]
public sealed class Question11_c(Func<int> answer)
{
    public Question11_c() : this(EvaluationStatistics.Question11C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("11.c", answer(), "ed8393bb9f2ea6ff1aae215d6520fed136785e00fd2b01d7dbcedd21d1e5cb86",
            lookAgainAt: "one bin holds all four predictions: its accuracy against its confidence");
}

namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 11: the statistics that make an evaluation trustworthy: how precise an accuracy is, whether two
/// classifiers really differ, and whether a model's confidence means what it says.
/// </summary>
public static class EvaluationStatistics
{
    // Task 11.1: a 95 % Wilson interval for an accuracy
    /// <summary>
    /// The Wilson score interval for <paramref name="correct"/> right out of <paramref name="total"/>, with z = 1.96 and
    /// p̂ = correct/total: (p̂ + z²/2n) / (1 + z²/n) ± z / (1 + z²/n) · √(p̂(1-p̂)/n + z²/4n²). Both ends are fractions.
    /// </summary>
    public static (double Low, double High) WilsonInterval(int correct, int total)
    {
        throw new NotImplementedException("Task 11.1: a 95 % Wilson interval for an accuracy");
    }

    // Task 11.2: McNemar's exact test for two classifiers on the same examples
    /// <summary>
    /// With b = <paramref name="onlyA"/> examples that only A gets right and c = <paramref name="onlyB"/> that only B
    /// gets right, the two-sided p-value min(1, 2 Σ_{i=0}^{min(b,c)} C(b+c, i) 2^-(b+c)). Sum in log space: C(200, 100)
    /// does not fit in a long. With no disagreements at all, p = 1.
    /// </summary>
    public static double McNemarPValue(int onlyA, int onlyB)
    {
        throw new NotImplementedException("Task 11.2: McNemar's exact test for two classifiers on the same examples");
    }

    // Task 11.3: expected calibration error
    /// <summary>
    /// ECE = Σ_b (|S_b| / N) · |accuracy(S_b) - confidence(S_b)| over <paramref name="bins"/> equal bins of confidence:
    /// a confidence c falls in bin ⌊c · bins⌋, and a confidence of exactly 1 in the last bin. Empty bins add nothing.
    /// </summary>
    public static double ExpectedCalibrationError(double[] confidences, bool[] correct, int bins)
    {
        throw new NotImplementedException("Task 11.3: expected calibration error");
    }

    // Question 11.a: the interval with four times the images
    /// <summary>Your answer to quick question 11.a in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question11A()
    {
        throw new NotImplementedException("Question 11.a: the interval with four times the images");
    }

    // Question 11.b: which disagreement is significant
    /// <summary>Your answer to quick question 11.b in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question11B()
    {
        throw new NotImplementedException("Question 11.b: which disagreement is significant");
    }

    // Question 11.c: an expected calibration error
    /// <summary>Your answer to quick question 11.c in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question11C()
    {
        throw new NotImplementedException("Question 11.c: an expected calibration error");
    }
}

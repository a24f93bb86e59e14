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
        // BEGIN SOLUTION
        const double z = 1.96;
        var p = (double)correct / total;
        var denominator = 1 + z * z / total;
        var centre = (p + z * z / (2 * total)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / total + z * z / (4.0 * total * total));
        return (centre - half, centre + half);
        // END SOLUTION
    }

    // Task 11.2: McNemar's exact test for two classifiers on the same examples
    /// <summary>
    /// With b = <paramref name="onlyA"/> examples that only A gets right and c = <paramref name="onlyB"/> that only B
    /// gets right, the two-sided p-value min(1, 2 Σ_{i=0}^{min(b,c)} C(b+c, i) 2^-(b+c)). Sum in log space: C(200, 100)
    /// does not fit in a long. With no disagreements at all, p = 1.
    /// </summary>
    public static double McNemarPValue(int onlyA, int onlyB)
    {
        // BEGIN SOLUTION
        var n = onlyA + onlyB;
        double LogChoose(int k) => Enumerable.Range(1, k).Sum(i => Math.Log(n - k + i) - Math.Log(i));
        var tail = Enumerable.Range(0, Math.Min(onlyA, onlyB) + 1).Sum(i => Math.Exp(LogChoose(i) - n * Math.Log(2)));
        return Math.Min(1, 2 * tail);
        // END SOLUTION
    }

    // Task 11.3: expected calibration error
    /// <summary>
    /// ECE = Σ_b (|S_b| / N) · |accuracy(S_b) - confidence(S_b)| over <paramref name="bins"/> equal bins of confidence:
    /// a confidence c falls in bin ⌊c · bins⌋, and a confidence of exactly 1 in the last bin. Empty bins add nothing.
    /// </summary>
    public static double ExpectedCalibrationError(double[] confidences, bool[] correct, int bins)
    {
        // BEGIN SOLUTION
        var error = 0.0;
        for (var bin = 0; bin < bins; bin++)
        {
            var members = Enumerable.Range(0, confidences.Length)
                .Where(i => Math.Min((int)(confidences[i] * bins), bins - 1) == bin)
                .ToList();
            if (members.Count == 0)
            {
                continue;
            }
            var accuracy = members.Average(i => correct[i] ? 1.0 : 0.0);
            var confidence = members.Average(i => confidences[i]);
            error += (double)members.Count / confidences.Length * Math.Abs(accuracy - confidence);
        }
        return error;
        // END SOLUTION
    }

    // Question 11.a: the interval with four times the images
    /// <summary>Your answer to quick question 11.a in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question11A()
    {
        // BEGIN SOLUTION
        return 'C';
        // END SOLUTION
    }

    // Question 11.b: which disagreement is significant
    /// <summary>Your answer to quick question 11.b in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question11B()
    {
        // BEGIN SOLUTION
        return 'A';
        // END SOLUTION
    }

    // Question 11.c: an expected calibration error
    /// <summary>Your answer to quick question 11.c in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question11C()
    {
        // BEGIN SOLUTION
        return 15;
        // END SOLUTION
    }
}

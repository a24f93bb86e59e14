namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 11: the statistics that make an evaluation trustworthy: how precise an accuracy is, whether two
/// classifiers really differ, whether a model's confidence means what it says (and a temperature that fixes it), an
/// accuracy that a rare class cannot hide in, and a manifest that says how to reproduce a run.
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

    // Task 11.4: temperature scaling fitted by negative log-likelihood
    /// <summary>
    /// The temperature T &gt; 0 that minimises the mean negative log-likelihood of the targets under softmax(z / T), one
    /// row z of <paramref name="logits"/> an example: NLL(T) = mean_i [log Σ_j exp(z_ij / T) - z_i,target / T], each
    /// log-sum-exp computed stably (subtract the row's largest z / T first). NLL is unimodal in log T, so golden-section
    /// search over log T in [log 0.01, log 100] finds it: stop when the bracket is narrower than 1e-9, return its middle.
    /// </summary>
    public static double FitTemperature(float[,] logits, int[] targets)
    {
        throw new NotImplementedException("Task 11.4: temperature scaling fitted by negative log-likelihood");
    }

    // Task 11.5: balanced accuracy, the mean per-class recall
    /// <summary>
    /// The mean, over the classes that occur in <paramref name="actual"/>, of each class's recall: (examples of class c
    /// predicted c) / (examples of class c). A class from 0 to <paramref name="classes"/> - 1 that never occurs in
    /// <paramref name="actual"/> has no recall and is left out of the mean: it counts neither as 0 nor as 1.
    /// </summary>
    public static double BalancedAccuracy(int[] predicted, int[] actual, int classes)
    {
        throw new NotImplementedException("Task 11.5: balanced accuracy, the mean per-class recall");
    }

    // Task 11.6: a run manifest as JSON
    // Write it yourself; not allowed here: RunManifest
    /// <summary>
    /// A JSON object with the fields commit, seed (a number), data_source, data_sha256 (the SHA-256 of
    /// <paramref name="data"/>, 64 lower-case hex digits), backend, threads (a number) and packages (an object from
    /// each package's name to its version, the names in ordinal order), in that order. The same inputs give the same
    /// string, whatever order the <paramref name="packages"/> dictionary lists them in.
    /// </summary>
    public static string RunManifestJson(string commit, ulong seed, string dataSource, byte[] data, string backend, int threads,
        IReadOnlyDictionary<string, string> packages)
    {
        throw new NotImplementedException("Task 11.6: a run manifest as JSON");
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

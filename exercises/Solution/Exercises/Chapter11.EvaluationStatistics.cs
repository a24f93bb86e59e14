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

    // Task 11.4: temperature scaling fitted by negative log-likelihood
    /// <summary>
    /// The temperature T &gt; 0 that minimises the mean negative log-likelihood of the targets under softmax(z / T), one
    /// row z of <paramref name="logits"/> an example: NLL(T) = mean_i [log Σ_j exp(z_ij / T) - z_i,target / T], each
    /// log-sum-exp computed stably (subtract the row's largest z / T first). NLL is unimodal in log T, so golden-section
    /// search over log T in [log 0.01, log 100] finds it: stop when the bracket is narrower than 1e-9, return its middle.
    /// </summary>
    public static double FitTemperature(float[,] logits, int[] targets)
    {
        // BEGIN SOLUTION
        double Loss(double logTemperature)
        {
            var inverse = Math.Exp(-logTemperature);
            var total = 0.0;
            for (var i = 0; i < targets.Length; i++)
            {
                var largest = double.NegativeInfinity;
                for (var j = 0; j < logits.GetLength(1); j++)
                {
                    largest = Math.Max(largest, logits[i, j] * inverse);
                }
                var sum = 0.0;
                for (var j = 0; j < logits.GetLength(1); j++)
                {
                    sum += Math.Exp(logits[i, j] * inverse - largest);
                }
                total += largest + Math.Log(sum) - logits[i, targets[i]] * inverse;
            }
            return total / targets.Length;
        }

        // Golden-section search: keep two inner points at the golden ratio; the one with the larger loss cannot be on
        // the minimum's side of the other, so drop the part of the bracket beyond it. Each step keeps 0.618 of it.
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double low = Math.Log(0.01), high = Math.Log(100);
        var left = high - ratio * (high - low);
        var right = low + ratio * (high - low);
        double leftLoss = Loss(left), rightLoss = Loss(right);
        while (high - low > 1e-9)
        {
            if (leftLoss <= rightLoss)
            {
                (high, right, rightLoss) = (right, left, leftLoss);
                left = high - ratio * (high - low);
                leftLoss = Loss(left);
            }
            else
            {
                (low, left, leftLoss) = (left, right, rightLoss);
                right = low + ratio * (high - low);
                rightLoss = Loss(right);
            }
        }
        return Math.Exp((low + high) / 2);
        // END SOLUTION
    }

    // Task 11.5: balanced accuracy, the mean per-class recall
    /// <summary>
    /// The mean, over the classes that occur in <paramref name="actual"/>, of each class's recall: (examples of class c
    /// predicted c) / (examples of class c). A class from 0 to <paramref name="classes"/> - 1 that never occurs in
    /// <paramref name="actual"/> has no recall and is left out of the mean: it counts neither as 0 nor as 1.
    /// </summary>
    public static double BalancedAccuracy(int[] predicted, int[] actual, int classes)
    {
        // BEGIN SOLUTION
        var examples = new int[classes];
        var right = new int[classes];
        for (var i = 0; i < actual.Length; i++)
        {
            examples[actual[i]]++;
            right[actual[i]] += predicted[i] == actual[i] ? 1 : 0;
        }
        return Enumerable.Range(0, classes).Where(c => examples[c] > 0).Average(c => (double)right[c] / examples[c]);
        // END SOLUTION
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
        // BEGIN SOLUTION
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));
        var versions = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, version) in packages.OrderBy(package => package.Key, StringComparer.Ordinal))
        {
            versions[name] = version;
        }
        var manifest = new System.Text.Json.Nodes.JsonObject
        {
            ["commit"] = commit,
            ["seed"] = seed,
            ["data_source"] = dataSource,
            ["data_sha256"] = hash,
            ["backend"] = backend,
            ["threads"] = threads,
            ["packages"] = versions,
        };
        return manifest.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
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

namespace DeepLearning.Notebooks.NotebookTasks;

/// <summary>Chapter 10 (notebook only): confidence intervals, calibration and paired comparisons, checked against reference formulas.</summary>
public static class Chapter10Checks
{
    [TaskCheck("10.1", "a 95 % Wilson interval for an accuracy")]
    public static int WilsonInterval(Func<int, int, (double Low, double High)> interval)
    {
        (int Correct, int Total)[] cases = [(830, 1000), (50, 100), (100, 100), (0, 20), (8700, 10000), (9, 10)];
        foreach (var (correct, total) in cases)
        {
            var (low, high) = interval(correct, total);
            var (expectedLow, expectedHigh) = ReferenceWilson(correct, total);
            Expect.Close(low, expectedLow, 1e-3, $"the lower end for {correct} correct out of {total}");
            Expect.Close(high, expectedHigh, 1e-3, $"the upper end for {correct} correct out of {total}");
        }
        return cases.Length;
    }

    [TaskCheck("10.2", "expected calibration error")]
    public static int ExpectedCalibrationError(Func<double[], bool[], int, double> expectedCalibrationError)
    {
        var random = new Generator(seed: 102);
        var confidences = Enumerable.Range(0, 500).Select(_ => 0.1 + 0.9 * (double)random.NextFloat()).ToArray();
        var correct = confidences.Select(c => random.NextFloat() < c * c).ToArray();
        (string Name, double[] Confidences, bool[] Correct, int Bins)[] cases =
        [
            ("two predictions", [0.9, 0.6], [true, false], 10),
            ("a confidence of exactly 1 (it belongs to the last bin)", [1.0, 1.0, 0.55], [true, false, true], 5),
            ("500 over-confident predictions, 10 bins", confidences, correct, 10),
            ("the same with 15 bins", confidences, correct, 15),
        ];
        foreach (var (name, c, k, bins) in cases)
        {
            var actual = expectedCalibrationError((double[])c.Clone(), (bool[])k.Clone(), bins);
            Expect.Close(actual, ReferenceCalibrationError(c, k, bins), 1e-9, $"the ECE of {name}");
        }
        return cases.Length;
    }

    [TaskCheck("10.3", "McNemar's exact test for two classifiers on the same examples")]
    public static int McNemarPValue(Func<int, int, double> pValue)
    {
        (int OnlyA, int OnlyB)[] cases = [(10, 10), (15, 5), (0, 6), (30, 12), (3, 0), (0, 0), (120, 80)];
        foreach (var (onlyA, onlyB) in cases)
        {
            Expect.Close(pValue(onlyA, onlyB), ReferenceMcNemar(onlyA, onlyB), 1e-6,
                $"the p-value when only A is right on {onlyA} examples and only B on {onlyB}");
        }
        return cases.Length;
    }

    private static (double Low, double High) ReferenceWilson(int correct, int total)
    {
        const double z = 1.959963984540054;
        var p = (double)correct / total;
        var denominator = 1 + z * z / total;
        var centre = (p + z * z / (2 * total)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / total + z * z / (4.0 * total * total));
        return (centre - half, centre + half);
    }

    private static double ReferenceCalibrationError(double[] confidences, bool[] correct, int bins)
    {
        var error = 0.0;
        for (var b = 0; b < bins; b++)
        {
            var members = Enumerable.Range(0, confidences.Length).Where(i => Math.Min((int)(confidences[i] * bins), bins - 1) == b).ToArray();
            if (members.Length > 0)
            {
                var accuracy = members.Average(i => correct[i] ? 1.0 : 0.0);
                var confidence = members.Average(i => confidences[i]);
                error += Math.Abs(accuracy - confidence) * members.Length / confidences.Length;
            }
        }
        return error;
    }

    /// <summary>Two-sided exact binomial test of onlyA against Binomial(onlyA + onlyB, 1/2), capped at 1.</summary>
    private static double ReferenceMcNemar(int onlyA, int onlyB)
    {
        var n = onlyA + onlyB;
        var k = Math.Min(onlyA, onlyB);
        var tail = 0.0;
        for (var i = 0; i <= k; i++)
        {
            tail += Math.Exp(LogChoose(n, i) - n * Math.Log(2));
        }
        return Math.Min(1, 2 * tail);
    }

    private static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 1; i <= k; i++)
        {
            sum += Math.Log(n - k + i) - Math.Log(i);
        }
        return sum;
    }
}

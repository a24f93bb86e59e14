namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 11's stand-ins: the course's own statistics (the engine has none), and the engine's run manifest.</summary>
public static class Chapter11Fallbacks
{
    [FallbackFor("11.1", "the course's Wilson interval")]
    public static (double Low, double High) WilsonInterval(int correct, int total)
    {
        const double z = 1.959963984540054;
        var (p, n) = ((double)correct / total, (double)total);
        var spread = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return ((p + z * z / (2 * n) - spread) / (1 + z * z / n), (p + z * z / (2 * n) + spread) / (1 + z * z / n));
    }

    [FallbackFor("11.2", "the course's McNemar test")]
    public static double McNemarPValue(int onlyA, int onlyB)
    {
        var n = onlyA + onlyB;
        var logHalfPower = -n * Math.Log(2);
        double logChoose = 0, tail = 0;
        for (var i = 0; i <= Math.Min(onlyA, onlyB); i++)
        {
            logChoose += i == 0 ? 0 : Math.Log(n - i + 1) - Math.Log(i);
            tail += Math.Exp(logChoose + logHalfPower);
        }
        return Math.Min(1, 2 * tail);
    }

    [FallbackFor("11.3", "the course's calibration error")]
    public static double ExpectedCalibrationError(double[] confidences, bool[] correct, int bins) =>
        Enumerable.Range(0, confidences.Length)
            .GroupBy(i => Math.Min((int)(confidences[i] * bins), bins - 1))
            .Sum(bin => bin.Count() * Math.Abs(bin.Average(i => correct[i] ? 1.0 : 0.0) - bin.Average(i => confidences[i]))) / confidences.Length;

    [FallbackFor("11.4", "the course's temperature fit")]
    public static double FitTemperature(float[,] logits, int[] targets)
    {
        // NLL over log T, a stable log-sum-exp a row; golden-section search keeps 0.618 of the bracket a step.
        double Loss(double logTemperature)
        {
            var scale = Math.Exp(-logTemperature);
            var total = 0.0;
            for (var i = 0; i < targets.Length; i++)
            {
                var row = Enumerable.Range(0, logits.GetLength(1)).Select(j => logits[i, j] * scale).ToArray();
                var largest = row.Max();
                total += largest + Math.Log(row.Sum(z => Math.Exp(z - largest))) - row[targets[i]];
            }
            return total / targets.Length;
        }
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double low = Math.Log(0.01), high = Math.Log(100);
        while (high - low > 1e-9)
        {
            var (left, right) = (high - ratio * (high - low), low + ratio * (high - low));
            (low, high) = Loss(left) <= Loss(right) ? (low, right) : (left, high);
        }
        return Math.Exp((low + high) / 2);
    }

    [FallbackFor("11.5", "the course's balanced accuracy")]
    public static double BalancedAccuracy(int[] predicted, int[] actual, int classes) =>
        Enumerable.Range(0, actual.Length)
            .GroupBy(i => actual[i])
            .Average(members => members.Average(i => predicted[i] == actual[i] ? 1.0 : 0.0));

    [FallbackFor("11.6", "the engine's RunManifest.ToJson")]
    public static string RunManifestJson(string commit, ulong seed, string dataSource, byte[] data, string backend, int threads,
        IReadOnlyDictionary<string, string> packages) =>
        DeepLearning.Training.RunManifest.ToJson(commit, seed, dataSource, DeepLearning.Training.RunManifest.Sha256(data), backend, threads, packages);
}

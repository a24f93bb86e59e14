using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 11's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class EvaluationStatisticsMistakes
{
    private const double Z = 1.96;

    [Mistake("11.1", "the Wald interval p̂ ± z·√(p̂(1-p̂)/n)", mustName: "Wald")]
    public static (double Low, double High) Wald(int correct, int total)
    {
        var share = (double)correct / total;
        var halfWidth = Z * Math.Sqrt(share * (1 - share) / total);
        return (share - halfWidth, share + halfWidth);
    }

    [Mistake("11.1", "leaves the z²/4n² out of the half-width", mustName: "z²/4n²")]
    public static (double Low, double High) WithoutTheLastTerm(int correct, int total)
    {
        double n = total, share = correct / n;
        var centre = (share + Z * Z / (2 * n)) / (1 + Z * Z / n);
        var halfWidth = Z / (1 + Z * Z / n) * Math.Sqrt(share * (1 - share) / n);
        return (centre - halfWidth, centre + halfWidth);
    }

    [Mistake("11.2", "the one-sided tail, not doubled", mustName: "double it")]
    public static double OneSided(int onlyA, int onlyB) => Math.Min(1, Tail(onlyA, onlyB));

    [Mistake("11.2", "doubles the tail without capping it at 1", mustName: "cap it at 1")]
    public static double NotCapped(int onlyA, int onlyB) => 2 * Tail(onlyA, onlyB);

    [Mistake("11.2", "returns 0 when there are no disagreements, an early return for the empty case", mustName: "no disagreements at all")]
    public static double ZeroWithoutDisagreements(int onlyA, int onlyB) => onlyA + onlyB == 0 ? 0 : Math.Min(1, 2 * Tail(onlyA, onlyB));

    [Mistake("11.2", "C(n, i) as n! / (i! (n - i)!) with factorials in double: 200! overflows to ∞", mustName: "overflowed")]
    public static double FactorialsInDouble(int onlyA, int onlyB)
    {
        static double Factorial(int n) => Enumerable.Range(1, n).Aggregate(1.0, (product, factor) => product * factor);
        var total = onlyA + onlyB;
        var sum = Enumerable.Range(0, Math.Min(onlyA, onlyB) + 1).Sum(i => Factorial(total) / (Factorial(i) * Factorial(total - i)));
        return Math.Min(1, 2 * sum / Math.Pow(2, total));
    }

    [Mistake("11.3", "bin ⌈c·bins⌉ - 1: a confidence on a bin's lower edge goes into the bin below", mustName: "include their lower edge")]
    public static double LowerEdgeInTheBinBelow(double[] confidences, bool[] correct, int bins) => Calibration(confidences, correct, bins, lastBinForOne: true, weighted: true, lowerEdgeBelow: true);

    [Mistake("11.3", "bin ⌊c·bins⌋ even for c = 1, one past the last bin", mustName: "exactly 1")]
    public static double BinPastTheEnd(double[] confidences, bool[] correct, int bins) => Calibration(confidences, correct, bins, lastBinForOne: false, weighted: true);

    [Mistake("11.3", "averages the bins' gaps without weights", mustName: "share of the predictions")]
    public static double Unweighted(double[] confidences, bool[] correct, int bins) => Calibration(confidences, correct, bins, lastBinForOne: true, weighted: false);

    [Mistake("11.4", "softmax(z · T): multiplies the logits by the temperature, so the fit is 1/T", mustName: "1 / T")]
    public static double MultipliesByTheTemperature(float[,] logits, int[] targets) =>
        Math.Exp(GoldenSection(logTemperature => MeanNll(logits, targets, Math.Exp(logTemperature), stable: true)));

    [Mistake("11.4", "tries T = 0.1, 0.2, ..., 10 and keeps the best", mustName: "grid of steps of 0.1")]
    public static double CoarseGrid(float[,] logits, int[] targets) =>
        Enumerable.Range(1, 100).Select(step => step / 10.0).MinBy(t => MeanNll(logits, targets, 1 / t, stable: true));

    [Mistake("11.4", "log Σ exp(z / T) without subtracting the row's largest term: for very negative logits exp underflows to 0 and log 0 = -∞", mustName: "subtract the row's largest")]
    public static double Unstable(float[,] logits, int[] targets) =>
        Math.Exp(GoldenSection(logTemperature => MeanNll(logits, targets, Math.Exp(-logTemperature), stable: false)));

    [Mistake("11.5", "the plain accuracy, right over all", mustName: "plain accuracy")]
    public static double PlainAccuracy(int[] predicted, int[] actual, int classes) =>
        Enumerable.Range(0, actual.Length).Average(i => predicted[i] == actual[i] ? 1.0 : 0.0);

    [Mistake("11.5", "divides by all the classes, so an absent class counts as a recall of 0", mustName: "recall of 0")]
    public static double AbsentClassAsZero(int[] predicted, int[] actual, int classes) =>
        Enumerable.Range(0, classes).Sum(c => Recall(predicted, actual, c) ?? 0) / classes;

    [Mistake("11.5", "the mean precision: divides by how often c is predicted", mustName: "mean precision")]
    public static double MeanPrecision(int[] predicted, int[] actual, int classes) =>
        Enumerable.Range(0, classes)
            .Where(c => predicted.Contains(c))
            .Average(c => (double)Enumerable.Range(0, actual.Length).Count(i => predicted[i] == c && actual[i] == c) / predicted.Count(p => p == c));

    [Mistake("11.6", "the hash in upper-case hex (Convert.ToHexString)", mustName: "lower-case")]
    public static string UpperCaseHash(string commit, ulong seed, string dataSource, byte[] data, string backend, int threads, IReadOnlyDictionary<string, string> packages) =>
        Manifest(commit, seed, dataSource, Convert.ToHexString(SHA256.HashData(data)), backend, threads, packages, sorted: true, seedAsText: false);

    [Mistake("11.6", "the packages in the dictionary's order", mustName: "ordinal order")]
    public static string PackagesUnsorted(string commit, ulong seed, string dataSource, byte[] data, string backend, int threads, IReadOnlyDictionary<string, string> packages) =>
        Manifest(commit, seed, dataSource, Convert.ToHexStringLower(SHA256.HashData(data)), backend, threads, packages, sorted: false, seedAsText: false);

    [Mistake("11.6", "the seed as a string, \"42\"", mustName: "must be a number")]
    public static string SeedAsText(string commit, ulong seed, string dataSource, byte[] data, string backend, int threads, IReadOnlyDictionary<string, string> packages) =>
        Manifest(commit, seed, dataSource, Convert.ToHexStringLower(SHA256.HashData(data)), backend, threads, packages, sorted: true, seedAsText: true);

    [Mistake("11.6", "hashes the data source's name instead of the data", mustName: "data source's name")]
    public static string HashesTheSourceName(string commit, ulong seed, string dataSource, byte[] data, string backend, int threads, IReadOnlyDictionary<string, string> packages) =>
        Manifest(commit, seed, dataSource, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataSource))), backend, threads, packages, sorted: true, seedAsText: false);

    // mean_i [log Σ_j exp(z_ij · scale) - z_i,target · scale], with or without the row's largest term subtracted first.
    private static double MeanNll(float[,] logits, int[] targets, double scale, bool stable)
    {
        var total = 0.0;
        for (var i = 0; i < targets.Length; i++)
        {
            var row = Enumerable.Range(0, logits.GetLength(1)).Select(j => logits[i, j] * scale).ToArray();
            var shift = stable ? row.Max() : 0;
            total += shift + Math.Log(row.Sum(z => Math.Exp(z - shift))) - logits[i, targets[i]] * scale;
        }
        return total / targets.Length;
    }

    // The log-temperature in [log 0.01, log 100] that minimises a unimodal loss of it.
    private static double GoldenSection(Func<double, double> loss)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double low = Math.Log(0.01), high = Math.Log(100);
        while (high - low > 1e-9)
        {
            var (left, right) = (high - ratio * (high - low), low + ratio * (high - low));
            (low, high) = loss(left) <= loss(right) ? (low, right) : (left, high);
        }
        return (low + high) / 2;
    }

    private static double? Recall(int[] predicted, int[] actual, int c)
    {
        var examples = actual.Count(a => a == c);
        return examples == 0 ? null : (double)Enumerable.Range(0, actual.Length).Count(i => actual[i] == c && predicted[i] == c) / examples;
    }

    private static string Manifest(string commit, ulong seed, string dataSource, string hash, string backend, int threads,
        IReadOnlyDictionary<string, string> packages, bool sorted, bool seedAsText)
    {
        var listed = sorted ? packages.OrderBy(package => package.Key, StringComparer.Ordinal) : packages.AsEnumerable();
        var manifest = new JsonObject
        {
            ["commit"] = commit,
            ["seed"] = seedAsText ? JsonValue.Create(seed.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(seed),
            ["data_source"] = dataSource,
            ["data_sha256"] = hash,
            ["backend"] = backend,
            ["threads"] = threads,
            ["packages"] = new JsonObject(listed.Select(package => KeyValuePair.Create(package.Key, (JsonNode?)package.Value))),
        };
        return manifest.ToJsonString();
    }

    // Σ_{i ≤ min(b, c)} C(b + c, i) / 2^(b + c).
    private static double Tail(int onlyA, int onlyB)
    {
        var total = onlyA + onlyB;
        double sum = 0, binomial = 1;
        for (var i = 0; i <= Math.Min(onlyA, onlyB); i++)
        {
            sum += binomial;
            binomial = binomial * (total - i) / (i + 1);
        }
        return sum / Math.Pow(2, total);
    }

    private static double Calibration(double[] confidences, bool[] correct, int bins, bool lastBinForOne, bool weighted, bool lowerEdgeBelow = false)
    {
        var count = new int[bins];
        var right = new double[bins];
        var confidence = new double[bins];
        for (var i = 0; i < confidences.Length; i++)
        {
            var bin = lowerEdgeBelow ? Math.Max(0, (int)Math.Ceiling(confidences[i] * bins) - 1) : (int)(confidences[i] * bins);
            bin = lastBinForOne ? Math.Min(bin, bins - 1) : bin;
            count[bin]++;
            right[bin] += correct[i] ? 1 : 0;
            confidence[bin] += confidences[i];
        }
        var used = Enumerable.Range(0, bins).Where(bin => count[bin] > 0).ToList();
        var gaps = used.Select(bin => (Gap: Math.Abs(right[bin] / count[bin] - confidence[bin] / count[bin]), Share: (double)count[bin] / confidences.Length)).ToList();
        return weighted ? gaps.Sum(gap => gap.Gap * gap.Share) : gaps.Average(gap => gap.Gap);
    }
}

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

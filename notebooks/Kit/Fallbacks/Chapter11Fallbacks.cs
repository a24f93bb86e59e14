namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 11's stand-ins, the course's own: the engine has no statistics.</summary>
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
}

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// What a matmul output is compared with: the whole CPU reference when it is cheap (m·n·k ≤ 2²⁷, about 512³),
/// otherwise 4096 entries at seeded random positions, each recomputed in double (4096·k multiply-adds).
/// </summary>
public sealed class MatMulValidation
{
    private const long FullCheckLimit = 1L << 27;
    private const int SampleCount = 4096;

    /// <summary>2⁻²³, the gap between 1 and the next float (<c>float.Epsilon</c> is the smallest denormal, not this).</summary>
    private const double MachineEpsilon = 1.0 / (1 << 23);

    private readonly int _n;
    private readonly float[]? _full;
    private readonly (int Index, double Value)[] _samples = [];

    public MatMulValidation(float[] a, float[] b, int m, int k, int n)
    {
        _n = n;
        if ((long)m * n * k <= FullCheckLimit)
        {
            _full = CpuReference.MatMul(a, b, m, k, n);
            Description = $"all {m * n} entries";
        }
        else
        {
            var random = new Random(42);
            _samples = Enumerable.Range(0, SampleCount)
                .Select(_ => (I: random.Next(m), J: random.Next(n)))
                .Select(p => (p.I * n + p.J, CpuReference.MatMulEntry(a, b, k, n, p.I, p.J)))
                .ToArray();
            Description = $"{SampleCount} sampled entries";
        }
        // With zero-mean inputs the running sum of k products wanders to about √k·max|a|·max|b|, and the k
        // roundings, half an ulp of it each, add up like a random walk: about k·eps·max|a|·max|b| / 2 in all.
        // 4·k·eps·... leaves room; a wrong or missing term (up to max|a|·max|b|) is still hundreds of times larger at k = 4096.
        Tolerance = 4.0 * k * MachineEpsilon * a.Max(Math.Abs) * b.Max(Math.Abs);
    }

    public string Description { get; }

    public double Tolerance { get; }

    public double MaxError(float[] c)
    {
        if (_full is not null)
        {
            return CpuReference.MaxAbsError(c, _full);
        }
        var max = 0.0;
        foreach (var (index, value) in _samples)
        {
            var error = Math.Abs(c[index] - value);
            max = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(max, error);
        }
        return max;
    }
}

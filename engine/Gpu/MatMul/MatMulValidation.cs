using System.Globalization;
using DeepLearning.Gpu.Lab;

namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// What a matmul output is compared with: the whole <see cref="MatMulReference"/> product when it is cheap
/// (m·n·k ≤ 2²⁷, about 512³), otherwise 4096 entries at seeded random positions, each recomputed in double
/// (4096·k multiply-adds).
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
            _full = MatMulReference.MatMul(a, b, m, k, n);
            Description = $"all {m * n} entries";
        }
        else
        {
            var random = new Random(42);
            _samples = Enumerable.Range(0, SampleCount)
                .Select(_ => (I: random.Next(m), J: random.Next(n)))
                .Select(p => (p.I * n + p.J, MatMulReference.Entry(a, b, k, n, p.I, p.J)))
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

    /// <summary>C (m×n, row-major) against the reference: the largest error, and the entry where it is.</summary>
    public KernelCheck Check(float[] c)
    {
        var (index, error, expected) = _full is not null ? LargestOverAll(c, _full) : LargestOverSamples(c);
        var worst = index < 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"C[{index / _n}, {index % _n}] = {c[index]} against {expected}");
        return new KernelCheck(error, Tolerance, Description, worst);
    }

    private static (int Index, double Error, double Expected) LargestOverAll(float[] c, float[] full)
    {
        var (index, error) = KernelCheck.LargestAbsError(c, full);
        return (index, error, index < 0 ? 0 : full[index]);
    }

    private (int Index, double Error, double Expected) LargestOverSamples(float[] c)
    {
        (int Index, double Error, double Expected) largest = (-1, 0.0, 0.0);
        foreach (var (index, value) in _samples)
        {
            // NaN compares false with everything; count it as an infinite error rather than skip it.
            var error = Math.Abs(c[index] - value);
            error = double.IsNaN(error) ? double.PositiveInfinity : error;
            if (largest.Index < 0 || error > largest.Error)
            {
                largest = (index, error, value);
            }
        }
        return largest;
    }
}

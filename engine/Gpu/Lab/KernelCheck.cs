using System.Globalization;

namespace DeepLearning.Gpu.Lab;

/// <summary>
/// What validating one kernel output found: the largest error against the CPU reference, the error the family
/// allows, what was compared (all entries, a sample, an exact sum) and where the largest error is.
/// </summary>
public sealed record KernelCheck(double MaxError, double Tolerance, string Checked, string Worst)
{
    /// <summary>Within tolerance; a NaN error is never valid (every comparison with NaN is false).</summary>
    public bool Passed => MaxError <= Tolerance;

    /// <summary>A line such as <c>max error 0.5 (allowed 0.0002) over all 4096 entries; worst: C[3, 17] = 12.5 against 12</c>.</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture,
        $"max error {MaxError:G3} (allowed {Tolerance:G3}) over {Checked}; worst: {Worst}");

    /// <summary>max_i |actual[i] − expected[i]|; the arrays must have the same length.</summary>
    public static double MaxAbsError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected) =>
        LargestAbsError(actual, expected).Error;

    /// <summary>The index i of max_i |actual[i] − expected[i]| and that error (−1 and 0 for empty arrays).</summary>
    public static (int Index, double Error) LargestAbsError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException($"max abs error: {actual.Length} values against {expected.Length}");
        }
        (int Index, double Error) largest = (-1, 0.0);
        for (var i = 0; i < actual.Length; i++)
        {
            // NaN compares false with everything; count it as an infinite error rather than skip it.
            var error = Math.Abs((double)actual[i] - expected[i]);
            error = double.IsNaN(error) ? double.PositiveInfinity : error;
            if (largest.Index < 0 || error > largest.Error)
            {
                largest = (i, error);
            }
        }
        return largest;
    }
}

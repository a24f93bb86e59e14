using System.Globalization;
using DeepLearning.Gpu.Lab;

namespace DeepLearning.Gpu.Softmax;

/// <summary>
/// A softmax output against <see cref="SoftmaxReference.Softmax"/>, element by element, by relative error
/// |y − y_ref| / y_ref (every y_ref is positive).
/// </summary>
public sealed class SoftmaxValidation(float[] expected, double relativeTolerance)
{
    /// <summary>
    /// The relative error the kernel lab allows an element: float exp is good to a few ulps, and a float sum of
    /// 4096 terms adds roundings of about √4096 · 6e-8 ≈ 4e-6. A dropped or doubled term moves every output of its
    /// row by about 1/columns (2.4e-4 at 4096), ten times more.
    /// </summary>
    public const double LabTolerance = 2e-5;

    public KernelCheck Check(float[] actual)
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException($"softmax check: {actual.Length} values against {expected.Length}");
        }
        (int Index, double Error) largest = (-1, 0.0);
        for (var i = 0; i < actual.Length; i++)
        {
            // NaN compares false with everything; count it as an infinite error rather than skip it.
            var error = Math.Abs((double)actual[i] - expected[i]) / expected[i];
            error = double.IsNaN(error) ? double.PositiveInfinity : error;
            if (largest.Index < 0 || error > largest.Error)
            {
                largest = (i, error);
            }
        }
        var worst = largest.Index < 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"element {largest.Index}: {actual[largest.Index]} against {expected[largest.Index]}");
        return new KernelCheck(largest.Error, relativeTolerance, "all entries, relative error", worst);
    }
}

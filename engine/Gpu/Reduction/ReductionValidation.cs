using System.Globalization;
using DeepLearning.Gpu.Lab;

namespace DeepLearning.Gpu.Reduction;

/// <summary>
/// A sum against <see cref="ReductionReference.Sum"/> of whole numbers from {−2, −1, 1, 2}
/// (<see cref="SeededInputs.SmallIntegers"/>). Their partial sums, in whatever order atomics and trees add them,
/// stay far below 2²⁴ (a random walk of 2²⁶ steps wanders ~13,000 away from 0), where every integer is a float:
/// each version must return the exact sum, so the error allowed is 0.
/// </summary>
public sealed class ReductionValidation(float[] x)
{
    private readonly double _exact = ReductionReference.Sum(x);

    public KernelCheck Check(float sum)
    {
        var error = Math.Abs((double)sum - _exact);
        return new KernelCheck(double.IsNaN(error) ? double.PositiveInfinity : error, 0,
            string.Create(CultureInfo.InvariantCulture, $"exact sum {_exact:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"{sum} against {_exact:F0}"));
    }
}

namespace DeepLearning.Gpu.Reduction;

/// <summary>What the sum kernels compute, as a plain loop in double. Every version of <see cref="ReductionKernels"/> is validated against it.</summary>
public static class ReductionReference
{
    /// <summary>Σ x, in double.</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        var sum = 0.0;
        foreach (var value in x)
        {
            sum += value;
        }
        return sum;
    }
}

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// Batch norm (chapter 5) and layer norm (chapter 8) in the tests' own words, for the suspects of their backward
/// tasks: the same formulas with the statistics over another axis, or with one path of the gradient left out.
/// </summary>
internal static class Normalisation
{
    /// <summary>x̂ = (x - μ)/√(σ² + ε), the statistics over <paramref name="axis"/> (0 for batch norm, the last for layer norm).</summary>
    public static Tensor Normalise(Tensor x, float epsilon, int axis)
    {
        var centred = x - x.Mean(axis, keepDims: true);
        return centred / (centred.Pow(2).Mean(axis, keepDims: true) + epsilon).Sqrt();
    }

    // x̄ = γ/(N·σ)·(N·ȳ - Σ ȳ - x̂·Σ ȳ·x̂) with the sums over `axis`, and what it becomes without one of its parts.
    public static Tensor InputGradient(Tensor x, Tensor gamma, Tensor upstream, float epsilon, int axis,
        bool meanPath = true, bool variancePath = true, bool withGamma = true)
    {
        var count = x.Size(axis);
        var centred = x - x.Mean(axis, keepDims: true);
        var deviation = (centred.Pow(2).Mean(axis, keepDims: true) + epsilon).Sqrt();
        var normalised = centred / deviation;
        var scaled = withGamma ? gamma * upstream : upstream;
        var result = count * scaled;
        if (meanPath)
        {
            result -= scaled.Sum(axis, keepDims: true);
        }
        if (variancePath)
        {
            result -= normalised * (scaled * normalised).Sum(axis, keepDims: true);
        }
        return result / (count * deviation);
    }
}

using DeepLearning.Scalar;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 1's stand-ins: the engine's Value, and the course's versions of what the engine does not have.</summary>
public static class Chapter01Fallbacks
{
    [FallbackFor("1.1", "the course's central difference with h = 10⁻⁵")]
    public static double NumericalDerivative(Func<double, double> f, double x) => (f(x + 1e-5) - f(x - 1e-5)) / 2e-5;

    [FallbackFor("1.6", "the engine's Value.Tanh (one tanh node)")]
    public static Value Tanh(Value x) => x.Tanh();

    [FallbackFor("1.8", "the course's mean of squared differences over Values")]
    public static Value MeanSquaredError(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets) =>
        predictions.Select((prediction, i) => (prediction - targets[i]).Pow(2)).Aggregate((total, term) => total + term) / predictions.Count;
}

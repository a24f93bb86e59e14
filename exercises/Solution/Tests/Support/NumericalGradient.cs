namespace DeepLearning.Exercises.Tests;

/// <summary>
/// A gradient that trusts nothing but the forward pass: for every element i of x, the central difference
/// (f(x + h·eᵢ) - f(x - h·eᵢ)) / 2h (chapter 3, task 3.6). Its error is about h² times f's third derivative, plus
/// f's rounding divided by h, so a hand-written backward is held to it with a tolerance near 1e-2, not 1e-5.
/// </summary>
internal static class NumericalGradient
{
    /// <summary>df/dx by central differences, x's shape; x itself is left as it was.</summary>
    public static Tensor Of(Func<Tensor, double> function, Tensor x, float step = 1e-2f)
    {
        var values = x.ToArray();
        var gradient = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i];
            values[i] = original + step;
            var above = function(Tensor.FromArray(values, x.Shape));
            values[i] = original - step;
            var below = function(Tensor.FromArray(values, x.Shape));
            values[i] = original;
            gradient[i] = (float)((above - below) / (2.0 * step));
        }
        return Tensor.FromArray(gradient, x.Shape);
    }

    /// <summary>L = Σ y ⊙ ȳ, summed in double: a loss whose gradient with respect to y is ȳ.</summary>
    public static double Against(Tensor output, Tensor outputGrad) =>
        (output * outputGrad).ToArray().Sum(value => (double)value);
}

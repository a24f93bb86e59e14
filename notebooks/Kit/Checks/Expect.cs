using System.Globalization;

namespace DeepLearning.Notebooks.Checks;

/// <summary>Comparisons for the task checks; each failure names the case so the learner can reproduce it.</summary>
internal static class Expect
{
    public static void Close(double actual, double expected, double tolerance, string what)
    {
        var scale = Math.Max(1, Math.Abs(expected));
        if (!(Math.Abs(actual - expected) <= tolerance * scale))
        {
            throw new CheckMismatchException($"{what}: got {Format(actual)}, expected {Format(expected)}.");
        }
    }

    public static void Equal<T>(T actual, T expected, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            throw new CheckMismatchException($"{what}: got {actual}, expected {expected}.");
        }
    }

    public static void SameShape(int[] actual, int[] expected, string what)
    {
        if (!actual.SequenceEqual(expected))
        {
            throw new CheckMismatchException($"{what}: got shape {Shape(actual)}, expected {Shape(expected)}.");
        }
    }

    /// <summary>Same shape and every element within tolerance; names the first element that is off.</summary>
    public static void CloseTensors(Tensor actual, Tensor expected, double tolerance, string what)
    {
        SameShape(actual.Shape, expected.Shape, what);
        var (a, e) = (actual.ToArray(), expected.ToArray());
        for (var i = 0; i < a.Length; i++)
        {
            if (!(Math.Abs(a[i] - e[i]) <= tolerance * Math.Max(1, Math.Abs(e[i]))))
            {
                throw new CheckMismatchException(
                    $"{what}: element {i} (row-major) is {Format(a[i])}, expected {Format(e[i])}.\nyours:    {actual}\nexpected: {expected}");
            }
        }
    }

    public static string Shape(int[] shape) => "(" + string.Join(",", shape) + ")";

    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace DeepLearning.Notebooks.NotebookTasks;

/// <summary>Comparisons for the notebook-only task checks; each failure names the case so the learner can reproduce it.</summary>
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

    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

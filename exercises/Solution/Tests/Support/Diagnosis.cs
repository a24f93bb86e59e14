using System.Globalization;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// A typical wrong result, named by its cause: what the expected result looks like after a known mistake (its
/// rows of a window swapped, its sign flipped, ...), or the value a formula gives without one of its terms. A
/// test lists the suspects it knows for its inputs; a result that matches one is reported with that cause.
/// </summary>
public sealed record Suspect(string Cause, Tensor Result)
{
    /// <summary>A suspect for a number: the value the mistake gives for the test's inputs.</summary>
    public static Suspect Number(string cause, double value) => new(cause, Tensor.FromArray([(float)value], 1));

    /// <summary>A suspect for a list of whole numbers (a shape, strides).</summary>
    public static Suspect Numbers(string cause, params int[] values) => new(cause, Tensor.FromArray([.. values.Select(value => (float)value)], values.Length));
}

/// <summary>
/// What a comparison knows about its task, so that a mismatch is explained in the task's own terms: the suspects,
/// the named sizes (a result 3× too large where N = 3 asks "did you divide by N?"), and how a position of the
/// result reads in the notebook's coordinates (im2col row c·k² + u·k + v is channel c, window offset (u, v)).
/// </summary>
public sealed class Comparison
{
    public IReadOnlyList<Suspect> Suspects { get; init; } = [];

    /// <summary>Sizes by their symbol in the notebook's text, such as ("N", 3).</summary>
    public IReadOnlyList<(string Symbol, int Size)> Sizes { get; init; } = [];

    /// <summary>An index of the result (as many numbers as it has axes) in the task's words.</summary>
    public Func<int[], string>? Position { get; init; }

    /// <summary>Shapes that a known mistake gives, such as the output size without the stride, named by their cause.</summary>
    public IReadOnlyList<(string Cause, int[] Shape)> ShapeSuspects { get; init; } = [];

    /// <summary>The names of the axes, for "shifted by one along the axis of ..."; null for "axis 1".</summary>
    public IReadOnlyList<string>? AxisNames { get; init; }
}

/// <summary>
/// Finds what a wrong result has in common with the expected one — a transpose, a constant factor (a forgotten
/// 1/N), a flipped sign, a constant offset, a shift by one index, an overflow, one of the test's suspects — and says
/// it as the likely cause. A comparison's message carries it on a line of its own, starting with
/// <see cref="Prefix"/>; the check then shows that line instead of the test's general hint, which may be about
/// another cause.
/// </summary>
public static class Diagnosis
{
    /// <summary>The start of the line that names the likely cause in a comparison's message.</summary>
    public const string Prefix = "Likely cause: ";

    /// <summary>The likely cause of <paramref name="actual"/> differing from <paramref name="expected"/>, or null when nothing fits.</summary>
    public static string? Explain(Tensor expected, Tensor actual, Comparison comparison, float tolerance)
    {
        var sameShape = expected.Shape.SequenceEqual(actual.Shape);
        var (want, got) = (expected.ToArray(), actual.ToArray());
        if (comparison.Suspects.FirstOrDefault(suspect => suspect.Result.Shape.SequenceEqual(actual.Shape) && AllClose(suspect.Result.ToArray(), got, tolerance)) is { } match)
        {
            return match.Cause;
        }
        if (!sameShape && comparison.ShapeSuspects.FirstOrDefault(suspect => suspect.Shape.SequenceEqual(actual.Shape)) is { Cause: { } shapeCause })
        {
            return shapeCause;
        }
        if (!sameShape)
        {
            return ExplainShape(expected, actual, tolerance);
        }
        if (got.Zip(want).FirstOrDefault(pair => !float.IsFinite(pair.First) && float.IsFinite(pair.Second)) is var (bad, _) && !float.IsFinite(bad))
        {
            return $"your result holds {Format(bad)} where the expected one is finite: an overflow (e^z of a large z), the log of a 0 that underflowed, or a division by zero";
        }
        if (got.All(value => value == 0) && want.Any(value => Math.Abs(value) > tolerance))
        {
            return "your result is all zeros: was anything written into it?";
        }
        if (AllClose(want.Select(value => -value).ToArray(), got, tolerance))
        {
            return "your result is the negative of the expected one: a sign error";
        }
        if (Scale(want, got, tolerance) is { } factor)
        {
            return DescribeFactor(factor, comparison.Sizes);
        }
        if (Offset(want, got, tolerance) is { } offset)
        {
            return $"every element is off by the same {Format(offset)}: a constant added or left out";
        }
        if (expected.Rank >= 2 && expected.Size(-1) == expected.Size(-2) && expected.Size(-1) > 1
            && AllClose(expected.Transpose(-1, -2).Contiguous().ToArray(), got, tolerance))
        {
            return "your result is the transpose of the expected one (its last two axes swapped)";
        }
        for (var axis = 0; axis < expected.Rank; axis++)
        {
            foreach (var shift in new[] { 1, -1 })
            {
                if (IsShifted(want, got, expected.Shape, axis, shift, tolerance))
                {
                    var name = comparison.AxisNames?[axis] ?? $"axis {axis}";
                    return $"your result is the expected one shifted by {(shift > 0 ? "+1" : "-1")} along {name}: an index off by one";
                }
            }
        }
        return null;
    }

    /// <summary>The likely cause of a number differing from the expected one: a suspect, a flipped sign, or a factor that is a size of the test.</summary>
    public static string? Explain(double expected, double actual, Comparison comparison, double tolerance)
    {
        // A suspect is held in float: compare it to float precision, whatever the test's tolerance.
        if (comparison.Suspects.FirstOrDefault(suspect => suspect.Result.ElementCount == 1 && Close(suspect.Result.ToArray()[0], actual, Math.Max(tolerance, 1e-6))) is { } match)
        {
            return match.Cause;
        }
        if (!double.IsFinite(actual) && double.IsFinite(expected))
        {
            return $"your result is {actual.ToString(CultureInfo.InvariantCulture)}: an overflow or a division by zero";
        }
        if (expected != 0 && Close(-expected, actual, tolerance))
        {
            return "your result is the negative of the expected one: a sign error";
        }
        if (expected != 0 && actual != 0 && comparison.Sizes.Count > 0)
        {
            var factor = actual / expected;
            if (comparison.Sizes.Any(size => Math.Abs(factor - size.Size) < 1e-6 * size.Size || Math.Abs(1 / factor - size.Size) < 1e-6 * size.Size))
            {
                return DescribeFactor(factor, comparison.Sizes);
            }
        }
        return null;
    }

    private static string DescribeFactor(double factor, IReadOnlyList<(string Symbol, int Size)> sizes)
    {
        foreach (var (symbol, size) in sizes)
        {
            if (size > 1 && Math.Abs(factor - size) < 1e-3 * size)
            {
                return $"your result is {size}× the expected one: did you forget to divide by {symbol} = {size}?";
            }
            if (size > 1 && Math.Abs(1 / factor - size) < 1e-3 * size)
            {
                return $"your result is 1/{size} of the expected one: a division by {symbol} = {size} too many (a mean where a sum belongs?)";
            }
        }
        return $"your result is {Format(factor)}× the expected one: a factor left out or put in";
    }

    private static string? ExplainShape(Tensor expected, Tensor actual, float tolerance)
    {
        if (expected.Rank >= 2 && actual.Rank == expected.Rank && actual.Shape.SequenceEqual(expected.Transpose(-1, -2).Shape))
        {
            return AllClose(expected.Transpose(-1, -2).Contiguous().ToArray(), actual.ToArray(), tolerance)
                ? "your result is the transpose of the expected one"
                : "your result has the shape of the transpose of the expected one: are the two axes the wrong way round?";
        }
        if (actual.Rank == expected.Rank && actual.Shape.Order().SequenceEqual(expected.Shape.Order()))
        {
            return "your result has the expected sizes in another order: are two axes swapped?";
        }
        if (actual.Rank == expected.Rank && actual.Shape.Zip(expected.Shape).Count(pair => pair.First != pair.Second) is var differing && differing > 0
            && actual.Shape.Zip(expected.Shape).All(pair => Math.Abs(pair.First - pair.Second) <= 1))
        {
            return "a size is off by one: check the size formula (+ 1, - k)";
        }
        if (actual.ElementCount == expected.ElementCount)
        {
            return "your result has the right number of elements in another shape: a reshape to the wrong shape?";
        }
        return null;
    }

    private static double? Scale(float[] expected, float[] actual, float tolerance)
    {
        double dot = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            dot += (double)expected[i] * actual[i];
            norm += (double)expected[i] * expected[i];
        }
        if (norm == 0 || double.IsNaN(dot))
        {
            return null;
        }
        var factor = dot / norm;
        return Math.Abs(factor - 1) > 1e-3 && factor != 0 && AllClose(expected.Select(value => (float)(value * factor)).ToArray(), actual, tolerance) ? factor : null;
    }

    private static double? Offset(float[] expected, float[] actual, float tolerance)
    {
        var offset = expected.Zip(actual, (e, a) => (double)a - e).Average();
        return Math.Abs(offset) > tolerance && AllClose(expected.Select(value => (float)(value + offset)).ToArray(), actual, tolerance) ? offset : null;
    }

    // actual[..., i, ...] = expected[..., i + shift, ...] wherever both exist, and not everywhere equal anyway.
    private static bool IsShifted(float[] expected, float[] actual, int[] shape, int axis, int shift, float tolerance)
    {
        if (shape[axis] < 3)
        {
            return false;
        }
        var stride = shape.Skip(axis + 1).Aggregate(1, (product, size) => product * size);
        var compared = 0;
        for (var flat = 0; flat < expected.Length; flat++)
        {
            var at = flat / stride % shape[axis] + shift;
            if (at < 0 || at >= shape[axis])
            {
                continue;
            }
            if (!Close(expected[flat + shift * stride], actual[flat], tolerance))
            {
                return false;
            }
            compared++;
        }
        return compared > 0;
    }

    internal static bool AllClose(float[] expected, float[] actual, float tolerance) =>
        expected.Length == actual.Length && expected.Zip(actual).All(pair => Close(pair.First, pair.Second, tolerance));

    // |a - e| ≤ tol·(1 + |e|): absolute near zero, relative for large values. Infinities and NaN match themselves
    // (a suspect can be NaN: what an uncleared output holds).
    internal static bool Close(double expected, double actual, double tolerance) =>
        Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)) || (double.IsInfinity(expected) && expected == actual)
        || (double.IsNaN(expected) && double.IsNaN(actual));

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}

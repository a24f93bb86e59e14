using System.Globalization;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// Comparisons that explain themselves: the shape, the first element that differs with its index, expected and
/// actual values, and for small tensors both in full.
/// </summary>
public static class TensorAssert
{
    private const int PrintLimit = 100;

    /// <summary>
    /// Fails unless <paramref name="actual"/> has the shape and, within tolerance, the values of
    /// <paramref name="expected"/>. The message gives the shapes first, then the first element that differs (in the
    /// task's coordinates where <paramref name="comparison"/> says how to read them) and the likely cause, when the
    /// difference has one (<see cref="Diagnosis"/>).
    /// </summary>
    public static void Close(Tensor expected, Tensor? actual, string what, float tolerance = 1e-4f, Comparison? comparison = null)
    {
        comparison ??= new Comparison();
        if (actual is null)
        {
            Assert.Fail($"{what}: got null, expected a tensor of shape {expected.ShapeText}");
            return;
        }
        if (!expected.Shape.SequenceEqual(actual.Shape))
        {
            Assert.Fail($"{what}: expected shape {expected.ShapeText}, got {actual.ShapeText}" + CauseLine(Diagnosis.Explain(expected, actual, comparison, tolerance)));
        }
        var mismatch = FirstMismatch(expected.ToArray(), actual.ToArray(), tolerance, out var count);
        if (mismatch >= 0)
        {
            var index = Unravel(mismatch, expected.Shape);
            var position = comparison.Position?.Invoke(index) ?? $"[{string.Join(", ", index)}]";
            var message = $"{what}: {count} of {expected.ElementCount} elements differ (tolerance {tolerance:G2}); " +
                $"first at {position}: expected {Format(expected.ToArray()[mismatch])}, got {Format(actual.ToArray()[mismatch])}" +
                CauseLine(Diagnosis.Explain(expected, actual, comparison, tolerance));
            if (expected.ElementCount <= PrintLimit)
            {
                message += $"\n  expected: {expected}\n  actual:   {actual}";
            }
            Assert.Fail(message);
        }
    }

    /// <summary>
    /// Runs the function under test, whose result should have <paramref name="expectedShape"/>. An index out of range
    /// inside it is almost always a loop over the wrong number of positions: the message says so, with the shape
    /// the result should have, instead of the bare exception.
    /// </summary>
    public static Tensor Call(Func<Tensor> function, int[] expectedShape, string what, string sizeRule)
    {
        try
        {
            return function();
        }
        catch (Exception exception) when (exception is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // With the learner's line where there is one: "(IndexOutOfRangeException in your MaxPool2d (line 4 of your cell): ...)".
            var where = LearnerFrame.Find(exception) is { } frame ? $" {frame}" : "";
            Assert.Fail($"{what}: your function read or wrote outside a tensor ({exception.GetType().Name}{where}: {exception.Message}); " +
                $"the output should have shape {Shapes.Format(expectedShape)}" +
                CauseLine($"a loop over more positions than the output has: check the output size, {sizeRule}"));
            throw;
        }
    }

    /// <summary>Fails unless the arrays have the same length and, within tolerance, the same values.</summary>
    public static void Close(float[] expected, float[]? actual, string what, float tolerance = 1e-4f, Comparison? comparison = null)
    {
        if (actual is null)
        {
            Assert.Fail($"{what}: got null, expected {expected.Length} values");
            return;
        }
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{what}: expected {expected.Length} values, got {actual.Length}");
        }
        var mismatch = FirstMismatch(expected, actual, tolerance, out var count);
        if (mismatch >= 0)
        {
            var message = $"{what}: {count} of {expected.Length} values differ (tolerance {tolerance:G2}); " +
                $"first at {comparison?.Position?.Invoke([mismatch]) ?? $"index {mismatch}"}: expected {Format(expected[mismatch])}, got {Format(actual[mismatch])}" +
                CauseLine(Diagnosis.Explain(Tensor.FromArray(expected, expected.Length), Tensor.FromArray(actual, actual.Length), comparison ?? new Comparison(), tolerance));
            if (expected.Length <= PrintLimit)
            {
                message += $"\n  expected: [{string.Join(", ", expected.Select(Format))}]\n  actual:   [{string.Join(", ", actual.Select(Format))}]";
            }
            Assert.Fail(message);
        }
    }

    /// <summary>Fails unless the whole numbers (a shape, strides) are the expected ones, naming the likely cause.</summary>
    public static void Equal(int[] expected, int[]? actual, string what, Comparison? comparison = null)
    {
        if (actual is null)
        {
            Assert.Fail($"{what}: got null, expected ({string.Join(", ", expected)})");
            return;
        }
        if (!expected.SequenceEqual(actual))
        {
            Tensor AsTensor(int[] values) => Tensor.FromArray([.. values.Select(value => (float)value)], values.Length);
            Assert.Fail($"{what}: expected ({string.Join(", ", expected)}), got ({string.Join(", ", actual)})" +
                CauseLine(Diagnosis.Explain(AsTensor(expected), AsTensor(actual), comparison ?? new Comparison(), 0)));
        }
    }

    /// <summary>Fails unless the number is within tolerance of the expected one.</summary>
    public static void Close(double expected, double actual, string what, double tolerance = 1e-6, Comparison? comparison = null)
    {
        if (!(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected))))
        {
            Assert.Fail($"{what}: expected {expected.ToString("G6", CultureInfo.InvariantCulture)}, got {actual.ToString("G6", CultureInfo.InvariantCulture)} (tolerance {tolerance:G2})" +
                CauseLine(Diagnosis.Explain(expected, actual, comparison ?? new Comparison(), tolerance)));
        }
    }

    /// <summary>The message's line that names the likely cause, or nothing.</summary>
    public static string CauseLine(string? cause) => cause is null ? "" : $"\n  {Diagnosis.Prefix}{cause}";

    /// <summary>
    /// Fails unless <paramref name="action"/> throws <typeparamref name="TException"/>. A NotImplementedException
    /// passes through, so that an unfinished task reports "not implemented" rather than "wrong exception".
    /// </summary>
    public static void Throws<TException>(Action action, string what) where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException)
        {
            return;
        }
        catch (NotImplementedException)
        {
            throw;
        }
        catch (Exception other)
        {
            Assert.Fail($"{what}: expected {typeof(TException).Name}, got {other.GetType().Name}: {other.Message}");
        }
        Assert.Fail($"{what}: expected {typeof(TException).Name}, but nothing was thrown");
    }

    /// <summary>A tensor of the given shape with standard normal values from a fixed seed: the same inputs on every run.</summary>
    public static Tensor Random(ulong seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed));

    // |a - e| ≤ tol·(1 + |e|): absolute near zero, relative for large values. NaN never matches.
    private static int FirstMismatch(float[] expected, float[] actual, float tolerance, out int count)
    {
        var first = -1;
        count = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]))))
            {
                count++;
                first = first < 0 ? i : first;
            }
        }
        return first;
    }

    private static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return index;
    }

    private static string Format(float value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.RegularExpressions;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading;

/// <summary>
/// What a failed hidden test tells the learner: the kind of failure in the task's terms ("wrong shape", "wrong values:
/// your result is the correct one negated", "threw IndexOutOfRangeException in your Convolution.MaxPool2d
/// (Chapter6.Convolution.cs, line 57)", "too slow"), never its inputs, expected values or message; and its hint only
/// where the hint fits that kind.
/// </summary>
/// <remarks>
/// The kind is read from the test's outcome in the grader, never shown in full: the assertion messages of
/// <c>TensorAssert</c> and NUnit ("expected shape (2, 3), got (3, 2)"; "expected: tensor([...])", "actual: ..."),
/// and, for an exception, where in the learner's code it was thrown. A hint with a <c>Cause</c> is about one kind of
/// failure (a 0/0 for very negative logits) and is shown with that kind only; a hint without one names the test's
/// inputs and goes with any failure of the task's code.
/// </remarks>
public static partial class HiddenFeedback
{
    /// <summary>The kind of a wrong result, and the name of the hint cause it matches.</summary>
    public sealed record Kind(string Text, string? Cause);

    /// <summary>"Hidden test failed: wrong values: your result is the correct one negated. Its details are not shown." and the hint where it fits.</summary>
    public static string For(TestCaseInfo test, TestOutcome outcome)
    {
        var kind = Classify(outcome);
        var hintFits = test.Hint is not null && outcome.Failure is not FailureKind.NotImplemented && (test.HintCause is null || test.HintCause == kind.Cause);
        return $"Hidden test failed: {kind.Text}. Its details are not shown." + (hintFits ? $"\nHint: {test.Hint}" : "");
    }

    /// <summary>The kind of failure, in words a learner can act on, and the hint cause it is.</summary>
    public static Kind Classify(TestOutcome outcome) => outcome.Failure switch
    {
        FailureKind.WrongResult => WrongResult(outcome.Message),
        // The place comes from the test host, where learner code runs: only its one expected form is repeated.
        FailureKind.Exception when outcome.ThrownIn is { } where && ThrownInForm().IsMatch(where) => new($"threw {where}", "Exception"),
        FailureKind.Exception when outcome.ThrownIn is not null => new("threw an exception in your code", "Exception"),
        FailureKind.Exception => new("an exception was thrown after your code returned: check what it returns (null? the shape?)", "Exception"),
        FailureKind.Timeout => new("too slow: it ran past its time limit (a loop without end, or far more work than needed?)", "TooSlow"),
        FailureKind.Crash when outcome.Message.Contains("stack overflow", StringComparison.Ordinal) => new("crashed with a stack overflow: a recursion too deep or without end", "Crash"),
        FailureKind.Crash => new("ended the test process", "Crash"),
        FailureKind.NotImplemented => new("not implemented yet", null),
        _ => new(Grader.Describe(outcome.Failure), null),
    };

    private static Kind WrongResult(string message)
    {
        // TensorAssert.Call's report of an index out of range inside the learner's function (the test caught it to
        // say which output shape was due): an exception in the learner's code, whatever the assertion says after it.
        if (OutsideATensor().Match(message) is { Success: true } outside)
        {
            var thrown = $"{outside.Groups["type"].Value} {outside.Groups["where"].Value}";
            return outside.Groups["where"].Success && ThrownInForm().IsMatch(thrown)
                ? new($"threw {thrown}", "Exception")
                : new($"threw {outside.Groups["type"].Value} in your code", "Exception");
        }
        if (ThrowsMessage().Match(message) is { Success: true } throws)
        {
            return throws.Groups["got"].Success
                ? new($"threw {throws.Groups["got"].Value} where the task asks for {throws.Groups["expected"].Value}", "WrongValues")
                : new($"no exception where the task asks for {throws.Groups["expected"].Value}", "WrongValues");
        }
        if (message.Contains(": got null", StringComparison.Ordinal))
        {
            return new("wrong result: your function returned null", "WrongShape");
        }
        if (ShapeMessage().Match(message) is { Success: true } shape)
        {
            var expected = Numbers(shape.Groups["expected"].Value);
            var actual = Numbers(shape.Groups["actual"].Value);
            var transposed = expected.Length > 1 && actual.Length == expected.Length && !expected.SequenceEqual(actual)
                && expected[..^2].SequenceEqual(actual[..^2]) && expected[^1] == actual[^2] && expected[^2] == actual[^1];
            var rank = actual.Length != expected.Length ? $": {actual.Length} axes instead of {expected.Length}" : transposed ? ": the correct shape with its last two axes swapped" : "";
            return new($"wrong shape{rank}", "WrongShape");
        }
        if (LengthMessage().IsMatch(message))
        {
            return new("wrong shape: your result has another number of values", "WrongShape");
        }
        var (expectedValues, actualValues, shapeOf) = Values(message);
        if (actualValues.Any(value => !double.IsFinite(value)) || NotANumber().IsMatch(message))
        {
            return new("wrong values: your result holds NaN or an infinity (an overflow, or 0/0?)", "NotANumber");
        }
        var relation = expectedValues.Length > 0 && expectedValues.Length == actualValues.Length ? Relation(expectedValues, actualValues, shapeOf) : null;
        return new(relation is null ? "wrong values" : $"wrong values: your result is {relation}", "WrongValues");
    }

    // How the actual values relate to the expected ones, when one simple mistake explains all of them.
    private static string? Relation(double[] expected, double[] actual, int[]? shape)
    {
        // The printed values carry four or five significant digits.
        static bool Near(double a, double b) => Math.Abs(a - b) <= 2e-3 * (1 + Math.Abs(b));
        if (expected.All(value => Near(value, 0)))
        {
            return null;
        }
        if (actual.All(value => Near(value, 0)))
        {
            return "all zeros";
        }
        if (actual.Zip(expected).All(pair => Near(pair.First, -pair.Second)))
        {
            return "the correct one negated";
        }
        if (shape is [.., var rows, var columns] && rows == columns && rows > 1)
        {
            var block = rows * columns;
            var swapped = Enumerable.Range(0, actual.Length).All(i =>
            {
                var (start, within) = (i / block * block, i % block);
                return Near(actual[i], expected[start + within % columns * columns + within / columns]);
            });
            if (swapped)
            {
                return "the correct one transposed";
            }
        }
        if (expected.Length < 2)
        {
            return null;
        }
        var largest = Enumerable.Range(0, expected.Length).MaxBy(i => Math.Abs(expected[i]));
        var factor = actual[largest] / expected[largest];
        if (!Near(factor, 1) && !Near(factor, 0) && actual.Zip(expected).All(pair => Near(pair.First, factor * pair.Second)))
        {
            return "the correct one scaled by a constant factor";
        }
        var shift = actual[0] - expected[0];
        if (actual.Zip(expected).All(pair => Near(pair.First - pair.Second, shift)))
        {
            return "the correct one shifted by a constant";
        }
        return null;
    }

    // The expected and actual values a message prints in full (TensorAssert's "expected: tensor(...)" and "actual: ..."
    // lines, or NUnit's "Expected: ..." and "But was: ..."), and the expected tensor's shape from its brackets.
    private static (double[] Expected, double[] Actual, int[]? Shape) Values(string message)
    {
        if (PrintedValues().Match(message) is { Success: true } printed)
        {
            var expected = printed.Groups["expected"].Value;
            return (Numbers(expected), Numbers(printed.Groups["actual"].Value), ShapeOfPrinted(expected));
        }
        if (ExpectedButWas().Match(message) is { Success: true } nunit)
        {
            return (Numbers(nunit.Groups["expected"].Value), Numbers(nunit.Groups["actual"].Value), null);
        }
        if (ExpectedGot().Match(message) is { Success: true } scalar)
        {
            return (Numbers(scalar.Groups["expected"].Value), Numbers(scalar.Groups["actual"].Value), null);
        }
        return ([], [], null);
    }

    // tensor([[1., 2.], [3., 4.]]) → (2, 2): the brackets opened at depth d + 1 are the product of the first d
    // lengths, so each length is a ratio of two counts, and the last is the number of values over the innermost count.
    private static int[]? ShapeOfPrinted(string text)
    {
        var opened = new List<int>();
        var depth = 0;
        foreach (var character in text)
        {
            if (character == '[')
            {
                depth++;
                if (opened.Count < depth)
                {
                    opened.Add(0);
                }
                opened[depth - 1]++;
            }
            else if (character == ']')
            {
                depth--;
            }
        }
        var count = Numbers(text).Length;
        if (opened.Count == 0 || count % opened[^1] != 0)
        {
            return null;
        }
        return [.. Enumerable.Range(0, opened.Count - 1).Select(axis => opened[axis + 1] / opened[axis]), count / opened[^1]];
    }

    private static double[] Numbers(string text) =>
        Number().Matches(text).Select(match => match.Value switch
        {
            "nan" or "NaN" or "-nan" => double.NaN,
            "inf" or "Infinity" or "∞" => double.PositiveInfinity,
            "-inf" or "-Infinity" or "-∞" => double.NegativeInfinity,
            var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        }).ToArray();

    [GeneratedRegex(@"-?(?:nan|NaN|inf|Infinity|∞|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\w{1,100} in your [\w.]{1,200}(?: \((?:line \d{1,7} of your cell(?: task-\d+-[0-9a-z]+ of [^()\n]{1,200})?|[^()\n]{1,200}, line \d{1,7})\))?$")]
    private static partial Regex ThrownInForm();

    [GeneratedRegex(@"your function read or wrote outside a tensor \((?<type>\w{1,100}Exception)(?: (?<where>in your [\w.]{1,200}(?: \([^\n]{1,300}?\))?))?: ")]
    private static partial Regex OutsideATensor();

    [GeneratedRegex(@"expected shape (?<expected>\([^)]*\)), got (?<actual>\([^)]*\))")]
    private static partial Regex ShapeMessage();

    [GeneratedRegex(@"expected \d+ values, got \d+")]
    private static partial Regex LengthMessage();

    [GeneratedRegex(@"expected (?<expected>\w+Exception), (?:but nothing was thrown|got (?<got>\w+))")]
    private static partial Regex ThrowsMessage();

    [GeneratedRegex(@"got (?:-?nan|NaN|-?inf|-?Infinity|-?∞)(?!\w)")]
    private static partial Regex NotANumber();

    [GeneratedRegex(@"\n\s*expected: (?<expected>.*?)\n\s*actual:\s+(?<actual>.*)", RegexOptions.Singleline)]
    private static partial Regex PrintedValues();

    [GeneratedRegex(@"Expected: (?<expected>[^\n]*)\n\s*But was:\s+(?<actual>[^\n]*)")]
    private static partial Regex ExpectedButWas();

    [GeneratedRegex(@"expected (?<expected>-?[\d.eE+-]+|NaN|-?∞), got (?<actual>-?[\d.eE+-]+|NaN|-?∞)")]
    private static partial Regex ExpectedGot();
}

namespace DeepLearning.Exercises.Tests;

// Grading metadata on a test, as NUnit properties: dotnet test shows them, and the grader (dlc-grade) reads them.
// The task a test belongs to is its category "task:X.Y"; hidden tests also carry the category "hidden".

/// <summary>How many points the test is worth (1 when absent).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WeightAttribute(double points) : PropertyAttribute(points);

/// <summary>
/// A nudge shown with a failure: where to look, not the answer. Shown for hidden tests too: there a hint that
/// names the inputs (odd sizes, very negative logits) goes with any failure of the task's code, and a hint about one
/// kind of failure names it in <see cref="Cause"/>, so that the grader never shows it for another.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class HintAttribute(string hint) : PropertyAttribute(hint)
{
    /// <summary>The one kind of failure the hint is about; the grader shows it with a hidden test's failure of that kind only.</summary>
    public HintCause Cause
    {
        get => Enum.Parse<HintCause>((string)Properties.Get("HintCause")!);
        set => Properties.Set("HintCause", value.ToString());
    }
}

/// <summary>The kinds of failure a hint can be about (the grader's categories for a hidden test).</summary>
public enum HintCause
{
    /// <summary>The result has the right shape but wrong values (not NaN).</summary>
    WrongValues,

    /// <summary>The result has the wrong shape.</summary>
    WrongShape,

    /// <summary>The result holds NaN or an infinity: an overflow, or 0/0.</summary>
    NotANumber,

    /// <summary>The code ended the test process: a stack overflow.</summary>
    Crash,
}

/// <summary>The grader's time limit for this test in seconds, where the default is too short (first kernel compile).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class TimeLimitAttribute(int seconds) : PropertyAttribute(seconds);

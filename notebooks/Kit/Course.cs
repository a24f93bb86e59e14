namespace DeepLearning.Notebooks;

/// <summary>
/// How much work a chapter does. Fast mode (the default, and what the test suite runs) keeps every chapter
/// to a minute or two on two cores; full mode trains long enough to reach the figures quoted in the text.
/// Set the environment variable <c>COURSE_MODE=full</c> before starting Jupyter or VS Code, or write
/// <c>Course.UseFullMode();</c> in a chapter's parameter cell.
/// </summary>
public static class Course
{
    /// <summary>The environment variable that selects the mode: <c>fast</c> (default) or <c>full</c>.</summary>
    public const string ModeVariable = "COURSE_MODE";

    private static bool? s_fullOverride;

    public static bool IsFullMode =>
        s_fullOverride ?? string.Equals(Environment.GetEnvironmentVariable(ModeVariable), "full", StringComparison.OrdinalIgnoreCase);

    public static string ModeName => IsFullMode ? "full" : "fast";

    /// <summary>Switches this kernel to full mode, whatever the environment says.</summary>
    public static void UseFullMode() => s_fullOverride = true;

    /// <summary>The fast-mode value or the full-mode value, e.g. <c>Course.Pick(fast: 200, full: 5000)</c> steps.</summary>
    public static T Pick<T>(T fast, T full) => IsFullMode ? full : fast;
}

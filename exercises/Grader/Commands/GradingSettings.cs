using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using DeepLearning.Grading.Reporting;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Commands;

/// <summary>
/// The options of every command that grades (<c>grade</c>, <c>batch</c>): the limits, the course configuration and the
/// hidden tests' visibility.
/// </summary>
internal class GradingSettings : CourseSettings
{
    [CommandOption("--test-timeout <SECONDS>")]
    [Description("CPU-time limit of one test (default 5; tests may ask for more with [[TimeLimit]]); a test that waits without computing is stopped 30 s later.")]
    public int TestTimeout { get; init; } = new RunLimits().TestSeconds;

    [CommandOption("--timeout <SECONDS>")]
    [Description("Time limit of all tests together (default 300).")]
    public int Timeout { get; init; } = new RunLimits().TotalSeconds;

    [CommandOption("--memory <MB>")]
    [Description("Memory limit of the test process (default 1024).")]
    public int Memory { get; init; } = new RunLimits().MemoryMegabytes;

    [CommandOption("--hidden-visibility <WHEN>")]
    [Description("Gradescope visibility of hidden tests: hidden, after_due_date, after_published (default) or visible; overrides the configuration's. Their details are never written.")]
    public string? HiddenVisibility { get; init; }

    [CommandOption("--config <FILE>")]
    [Description("A course configuration file (course.json): points per task or test, which tasks count, the late policy, hidden-test visibility. Without it the tests' [[Weight]] attributes decide.")]
    public string? Config { get; init; }

    public RunLimits Limits => new(TestTimeout, Timeout, Memory);

    /// <summary>The course configuration named by --config, read and checked; null without one.</summary>
    public CourseConfig? LoadConfig() => Config is null ? null : CourseConfig.Load(Config);

    /// <summary>The visibility to write: the command line's, else the configuration's, else after_published.</summary>
    public string VisibilityFor(CourseConfig? config) => HiddenVisibility ?? config?.HiddenVisibility ?? GradescopeResults.DefaultHiddenVisibility;

    public override ValidationResult Validate() =>
        TestTimeout <= 0 || Timeout <= 0 || Memory < 128 ? ValidationResult.Error("time limits must be positive and --memory at least 128 MB")
        : HiddenVisibility is not null && !GradescopeResults.Visibilities.Contains(HiddenVisibility) ? ValidationResult.Error($"--hidden-visibility must be one of {string.Join(", ", GradescopeResults.Visibilities)}")
        : ValidationResult.Success();
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using DeepLearning.Grading.Reporting;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Commands;

/// <summary><c>dlc-grade grade SUBMISSION</c>: grades a folder and writes results.json, JUnit XML and a summary.</summary>
internal sealed class GradeCommand : Command<GradeCommand.Settings>
{
    internal sealed class Settings : CourseSettings
    {
        [CommandArgument(0, "<SUBMISSION>")]
        [Description("The submission folder; its exercise files (Chapter1.ScalarAutograd.cs, ...) may be anywhere inside.")]
        public string Submission { get; init; } = "";

        [CommandOption("--results <FILE>")]
        [Description("Where to write Gradescope's results.json.")]
        public string? Results { get; init; }

        [CommandOption("--junit <FILE>")]
        [Description("Where to write JUnit XML.")]
        public string? JUnit { get; init; }

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

        [CommandOption("--submitted-at <TIME>")]
        [Description("When the submission was handed in (ISO 8601 with its offset, 2027-01-16T10:00:00+01:00), for the configuration's late policy.")]
        public string? SubmittedAt { get; init; }

        [CommandOption("--submission-metadata <FILE>")]
        [Description("Gradescope's submission_metadata.json, whose created_at is the submission time (when --submitted-at is not given).")]
        public string? SubmissionMetadata { get; init; }

        [CommandOption("--reveal-hidden")]
        [Description("Print hidden tests' failure details in the terminal summary (for teachers; never written to results.json).")]
        public bool RevealHidden { get; init; }

        public override ValidationResult Validate() =>
            TestTimeout <= 0 || Timeout <= 0 || Memory < 128 ? ValidationResult.Error("time limits must be positive and --memory at least 128 MB")
            : SubmittedAt is not null && !LatePolicy.TryParseTime(SubmittedAt, out _) ? ValidationResult.Error($"--submitted-at: '{SubmittedAt}' is not a time with its UTC offset, such as 2027-01-16T10:00:00+01:00")
            : HiddenVisibility is not null && !GradescopeResults.Visibilities.Contains(HiddenVisibility) ? ValidationResult.Error($"--hidden-visibility must be one of {string.Join(", ", GradescopeResults.Visibilities)}")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var layout = CourseLayout.Locate(settings.Course);
        var limits = new RunLimits(settings.TestTimeout, settings.Timeout, settings.Memory);
        GradeReport report;
        CourseConfig? config = null;
        try
        {
            config = settings.Config is null ? null : CourseConfig.Load(settings.Config);
            var submittedAt = settings.SubmittedAt is { } text && LatePolicy.TryParseTime(text, out var time) ? time
                : settings.SubmissionMetadata is null ? (DateTimeOffset?)null
                : LatePolicy.SubmittedAt(settings.SubmissionMetadata);
            report = new Grader(layout, limits, config: config).Grade(settings.Submission, submittedAt);
        }
        catch (Exception exception) when (settings.Results is not null)
        {
            // Gradescope shows results.json, not the log: say there that grading itself failed, whatever failed.
            GradescopeResults.WriteAtomically(settings.Results, $$"""{ "score": 0, "output": {{System.Text.Json.JsonSerializer.Serialize(SafeText.Clean("The autograder could not grade this submission: " + exception.Message))}}, "tests": [] }""");
            throw;
        }
        if (settings.Results is not null)
        {
            GradescopeResults.Write(report, settings.Results, settings.HiddenVisibility ?? config?.HiddenVisibility ?? GradescopeResults.DefaultHiddenVisibility);
        }
        if (settings.JUnit is not null)
        {
            JUnitReport.Write(report, settings.JUnit);
        }
        Console.WriteLine(TerminalSummary.Format(report, settings.RevealHidden));
        return 0;
    }
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using DeepLearning.Grading.Reporting;

namespace DeepLearning.Grading.Commands;

/// <summary><c>dlc-grade grade SUBMISSION</c>: grades a folder and writes results.json, JUnit XML and a summary.</summary>
internal sealed class GradeCommand : Command<GradeCommand.Settings>
{
    internal sealed class Settings : GradingSettings
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

        [CommandOption("--submitted-at <TIME>")]
        [Description("When the submission was handed in (ISO 8601 with its offset, 2027-01-16T10:00:00+01:00), for the configuration's late policy.")]
        public string? SubmittedAt { get; init; }

        [CommandOption("--submission-metadata <FILE>")]
        [Description("Gradescope's submission_metadata.json, whose created_at is the submission time (when --submitted-at is not given).")]
        public string? SubmissionMetadata { get; init; }

        [CommandOption("--reveal-hidden")]
        [Description("Print hidden tests' failure details in the terminal summary (for teachers; never written to results.json).")]
        public bool RevealHidden { get; init; }

        public override ValidationResult Validate()
        {
            var shared = base.Validate();
            return !shared.Successful ? shared
                : SubmittedAt is not null && !LatePolicy.TryParseTime(SubmittedAt, out _) ? ValidationResult.Error($"--submitted-at: '{SubmittedAt}' is not a time with its UTC offset, such as 2027-01-16T10:00:00+01:00")
                : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var layout = CourseLayout.Locate(settings.Course);
        GradeReport report;
        CourseConfig? config = null;
        try
        {
            config = settings.LoadConfig();
            var submittedAt = settings.SubmittedAt is { } text && LatePolicy.TryParseTime(text, out var time) ? time
                : settings.SubmissionMetadata is null ? (DateTimeOffset?)null
                : LatePolicy.SubmittedAt(settings.SubmissionMetadata);
            report = new Grader(layout, settings.Limits, config: config).Grade(settings.Submission, submittedAt);
        }
        catch (Exception exception) when (settings.Results is not null)
        {
            // Gradescope shows results.json, not the log: say there that grading itself failed, whatever failed.
            GradescopeResults.WriteFailure(settings.Results, exception.Message);
            throw;
        }
        if (settings.Results is not null)
        {
            GradescopeResults.Write(report, settings.Results, settings.VisibilityFor(config));
        }
        if (settings.JUnit is not null)
        {
            JUnitReport.Write(report, settings.JUnit);
        }
        Console.WriteLine(TerminalSummary.Format(report, settings.RevealHidden));
        return 0;
    }
}

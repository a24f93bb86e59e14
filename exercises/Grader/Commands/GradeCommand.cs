using System.ComponentModel;
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

        [CommandOption("--reveal-hidden")]
        [Description("Print hidden tests' failure details in the terminal summary (for teachers; never written to results.json).")]
        public bool RevealHidden { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var layout = CourseLayout.Locate(settings.Course);
        GradeReport report;
        try
        {
            report = new Grader(layout, settings.Limits).Grade(settings.Submission);
        }
        catch (Exception exception) when (settings.Results is not null)
        {
            // Gradescope shows results.json, not the log: say there that grading itself failed, whatever failed.
            GradescopeResults.WriteFailure(settings.Results, exception.Message);
            throw;
        }
        if (settings.Results is not null)
        {
            GradescopeResults.Write(report, settings.Results, settings.HiddenVisibility);
        }
        if (settings.JUnit is not null)
        {
            JUnitReport.Write(report, settings.JUnit);
        }
        Console.WriteLine(TerminalSummary.Format(report, settings.RevealHidden));
        return 0;
    }
}

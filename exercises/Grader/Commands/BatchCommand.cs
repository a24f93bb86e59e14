using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using DeepLearning.Grading.Batch;
using DeepLearning.Grading.Sandbox;

namespace DeepLearning.Grading.Commands;

/// <summary>
/// <c>dlc-grade batch SUBMISSIONS --out DIR</c>: grades a class's submissions side by side, each as <c>grade</c>
/// would, and writes a results.json a submission, the grades as CSV, the class report and the similarity report. Exit code 1 if a submission
/// could not be graded (its row says why).
/// </summary>
internal sealed class BatchCommand : Command<BatchCommand.Settings>
{
    internal sealed class Settings : GradingSettings
    {
        [CommandArgument(0, "<SUBMISSIONS>")]
        [Description("Gradescope's unpacked submission export (the folder with submission_metadata.yml), or a folder that holds a folder a student, named after the student.")]
        public string Submissions { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("The folder for grades.csv, class-report.html, similarity.html and results/NAME/results.json (for the teacher: the reports name hidden tests).")]
        public string? Out { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("How many submissions are graded at a time (default: the number of processor cores). Without namespaces (bubblewrap) one at a time, whatever is asked.")]
        public int? Parallel { get; init; }

        public override ValidationResult Validate() =>
            Out is null ? ValidationResult.Error("name the folder for the class's reports: --out DIR")
            : Parallel is <= 0 ? ValidationResult.Error("--parallel must be at least 1")
            : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var layout = CourseLayout.Locate(settings.Course);
        var submissions = ClassSubmissions.Find(settings.Submissions);
        var outFolder = Path.GetFullPath(settings.Out!);
        if ((outFolder + "/").StartsWith(Path.GetFullPath(settings.Submissions).TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new GraderException($"--out {settings.Out} is inside the submissions folder: its reports would be read as a submission next time");
        }
        var requested = settings.Parallel ?? Environment.ProcessorCount;
        var parallel = ClassGrading.Parallelism(requested, OsBoundary.Current);
        if (parallel < requested)
        {
            Console.Error.WriteLine($"dlc-grade: grading one submission at a time, not {requested}: without namespaces the test hosts of two submissions could reach each other");
        }
        var config = settings.LoadConfig();
        if (config?.Late is not null)
        {
            // Gradescope applies lateness to an export itself; batch reads no submission times, so says so.
            Console.Error.WriteLine($"dlc-grade: {settings.Config}'s late policy is not applied by batch (it reads no submission times): its grades are before any late deduction");
        }
        var grader = new Grader(layout, settings.Limits, config: config);
        var grading = new ClassGrading(submission => grader.Grade(submission), parallel);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<GradedSubmission> graded = [];
        var gradedAgain = 0;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var bar = progress.AddTask($"grading {submissions.Count} submissions, {parallel} at a time", maxValue: submissions.Count);
                graded = grading.GradeAll(submissions, done =>
                {
                    BatchReports.WriteResults(outFolder, done, settings.VisibilityFor(config));
                    bar.Increment(1);
                }, again =>
                {
                    gradedAgain = again;
                    bar = progress.AddTask($"grading again alone {again} that reached a time limit", maxValue: Math.Max(1, again));
                });
            });
        var seconds = clock.Elapsed.TotalSeconds;
        var files = BatchReports.WriteClassFiles(outFolder, layout, graded, seconds);
        var errors = graded.Where(submission => submission.Error is not null).ToList();
        foreach (var submission in errors)
        {
            Console.WriteLine($"not graded: {submission.Submission.Name}: {submission.Error}");
        }
        var students = graded.Sum(submission => submission.Submission.Students.Count);
        Console.WriteLine(FormattableString.Invariant($"graded {graded.Count - errors.Count} of {graded.Count} submissions ({students} students) in {seconds:0.0} s, {seconds / graded.Count:0.0} s a submission, {parallel} at a time{(gradedAgain > 0 ? $", {gradedAgain} graded again alone (they reached a time limit beside another grading)" : "")}"));
        Console.WriteLine($"wrote {string.Join(", ", files)} and {graded.Count} results.json under {Path.Combine(outFolder, BatchReports.ResultsFolder)}");
        return errors.Count == 0 ? 0 : 1;
    }
}

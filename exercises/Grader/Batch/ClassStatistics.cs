using System.Text.RegularExpressions;

namespace DeepLearning.Grading.Batch;

/// <summary>
/// A failure that several submissions share: its message with the numbers blanked, how many submissions had it, the
/// tests that failed with it, and one real message.
/// </summary>
public sealed record CommonFailure(string Message, int Submissions, IReadOnlyList<string> Tests, string Example);

/// <summary>
/// One task across the class. <see cref="PassRate"/> is the share of graded submissions that passed every test of the
/// task, visible and hidden; <see cref="MeanScore"/> the mean of its points.
/// </summary>
public sealed record TaskStatistics(string Task, string Title, double MaxScore, int Graded, int Passed, double MeanScore, IReadOnlyList<CommonFailure> Failures)
{
    public double PassRate => Graded == 0 ? 0 : (double)Passed / Graded;
}

/// <summary>
/// What the class report shows, computed from the graded submissions (a group submission counts once; a submission
/// that could not be graded counts in none of it): per task, the pass rate, the mean score and the most common
/// failures; over the class, the scores as percentages of the maximum, in ten bins of 10 % (the last holds 100 %).
/// </summary>
public sealed partial record ClassStatistics(int Submissions, IReadOnlyList<double> Percents, IReadOnlyList<TaskStatistics> Tasks)
{
    /// <summary>How many of the most common failures a task shows.</summary>
    public const int FailuresShown = 3;

    public int Graded => Percents.Count;

    public double MeanPercent => Percents.Count == 0 ? 0 : Percents.Average();

    public double MedianPercent
    {
        get
        {
            var sorted = Percents.Order().ToList();
            return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary>Submissions a bin: bin b holds scores in [10b %, 10(b+1) %), and bin 9 holds 100 % too.</summary>
    public int[] Histogram()
    {
        var bins = new int[10];
        foreach (var percent in Percents)
        {
            bins[Math.Clamp((int)Math.Floor(percent / 10), 0, 9)]++;
        }
        return bins;
    }

    public static ClassStatistics Compute(IReadOnlyList<GradedSubmission> submissions, IReadOnlyDictionary<string, string> titles)
    {
        var reports = submissions.Where(submission => submission.Report is not null).Select(submission => submission.Report!).ToList();
        var tasks = reports.SelectMany(report => report.Tests).GroupBy(test => test.Test.Task)
            .OrderBy(task => task.Key, TaskIdComparer.Instance)
            .Select(task => ForTask(task.Key, titles.GetValueOrDefault(task.Key, ""), reports))
            .ToList();
        return new ClassStatistics(submissions.Count, reports.Select(report => report.Percent).ToList(), tasks);
    }

    private static TaskStatistics ForTask(string task, string title, IReadOnlyList<GradeReport> reports)
    {
        var perReport = reports.Select(report => report.Tests.Where(test => test.Test.Task == task).ToList()).Where(tests => tests.Count > 0).ToList();
        // A message counts once a submission, however many of the task's tests failed with it.
        var failures = perReport.SelectMany(tests => tests.Where(test => !test.Passed).GroupBy(test => Blank(FirstLine(test.Outcome.Message))))
            .GroupBy(perSubmission => perSubmission.Key)
            .Select(group => new CommonFailure(group.Key, group.Count(),
                group.SelectMany(tests => tests).Select(test => test.Test.Id).Distinct().Order(StringComparer.Ordinal).ToList(),
                FirstLine(group.First().First().Outcome.Message)))
            .OrderByDescending(failure => failure.Submissions).ThenBy(failure => failure.Message, StringComparer.Ordinal)
            .Take(FailuresShown)
            .ToList();
        return new TaskStatistics(task, title, perReport.Count == 0 ? 0 : perReport[0].Sum(test => test.MaxScore), perReport.Count,
            perReport.Count(tests => tests.All(test => test.Passed)), perReport.Count == 0 ? 0 : perReport.Average(tests => tests.Sum(test => test.Score)), failures);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    // "expected -7.5, got 7.5" and "expected 2, got 3" are one mistake seen twice: the numbers are blanked to group them.
    private static string Blank(string message) => Number().Replace(message, "#");

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex Number();
}

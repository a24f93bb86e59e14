using System.Text.RegularExpressions;
using DeepLearning.Grading.Batch;
using DeepLearning.Grading.Honesty;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// <c>dlc-grade batch</c> over a small class in Gradescope's export layout — the reference, the starter (a student
/// whose name needs quoting in CSV), a wrong submission handed in by a group of two, and a mix of chapters from the
/// starter and wrong submissions — graded two at a time: each submission scores what grading it alone scores, the
/// CSV holds a row a student with those scores, the class report holds plotly.js and each task's pass rate, and the
/// similarity report pairs the submissions that share the reference's code, never the starter.
/// </summary>
public sealed class BatchGradingTests
{
    private static readonly Student s_quotedName = new("Lovelace, Ada \"Countess\"", "1815", "ada@example.edu");

    private BatchRun _run = null!;
    private Dictionary<string, GradeReport> _alone = null!;
    private IReadOnlyList<SyntheticClass.Member> _members = null!;

    [OneTimeSetUp]
    public void GradeTheClass()
    {
        Action<CourseLayout, string> Wrong(string name) => (layout, folder) => WrongSubmission.Load(layout, name).Materialize(layout, folder);
        var mix = new Dictionary<string, Action<CourseLayout, string>>
        {
            ["Chapter1.ScalarAutograd.cs"] = WrongSubmission.CopyStarter,
            ["Chapter3.TensorGradients.cs"] = Wrong("missing-broadcast-reduction"),
            ["Chapter6.Convolution.cs"] = Wrong("conv-padding-off-by-one"),
        };
        _members =
        [
            SyntheticClass.Reference("submission_1", new Student("Grace Hopper", "1906", "grace@example.edu")),
            SyntheticClass.Starter("submission_2", s_quotedName),
            SyntheticClass.Wrong("submission_3", "sign-error-in-mul-backward", new Student("Alan Turing", "1912", ""), new Student("=cmd|' /C calc'!A0", "", "")),
            SyntheticClass.Mix("submission_4", mix, new Student("Edsger Dijkstra", "1930", "edsger@example.edu")),
        ];
        _run = BatchRun.Grade(_members, parallel: 2, timeoutSeconds: 600);
        TestContext.Progress.WriteLine($"batch-graded {_members.Count} submissions in {_run.Seconds:0.0} s");
        _alone = new Dictionary<string, GradeReport>
        {
            ["submission_1"] = GradedSubmissions.Reference.Report,
            ["submission_2"] = GradedSubmissions.Starter.Report,
            ["submission_3"] = GradedSubmissions.Wrong("sign-error-in-mul-backward").Report,
            ["submission_4"] = new Grader(GradedSubmissions.Layout, GradedSubmissions.Limits).Grade(Path.Combine(_run.Export, "submission_4")),
        };
    }

    [OneTimeTearDown]
    public void Clean() => _run?.Dispose();

    [Test]
    public void TheBatchEndsWellAndSaysSo()
    {
        Assert.That(_run.ExitCode, Is.Zero, _run.Output);
        Assert.That(_run.Output, Does.Contain("graded 4 of 4 submissions (5 students)"));
        Assert.That(Directory.EnumerateFiles(_run.Out, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file is left");
    }

    [Test]
    public void EachSubmissionScoresAsWhenGradedAlone()
    {
        Assert.That(_alone.Values.Select(report => report.Score).Distinct().Count(), Is.EqualTo(4), "four different grades, so that a mix-up would show");
        foreach (var (submission, alone) in _alone)
        {
            _run.AssertSameAsAlone(submission, alone);
        }
    }

    [Test]
    public void TheCsvHasARowAStudentWithTheScores()
    {
        var records = Rfc4180.Parse(File.ReadAllText(Path.Combine(_run.Out, BatchReports.GradesFile)));
        var tasks = _alone["submission_1"].TaskScores().Select(task => task.Task).ToList();
        Assert.That(records[0], Is.EqualTo(new[] { "student", "sid", "email", "submission" }.Concat(tasks).Append("total").Append("error")));
        var rows = records.Skip(1).ToList();
        Assert.That(rows.Select(row => row[0]), Is.EqualTo(new[] { "Grace Hopper", s_quotedName.Name, "Alan Turing", "'=cmd|' /C calc'!A0", "Edsger Dijkstra" }),
            "a row a student, a group's students each, a formula kept as text");
        foreach (var row in rows)
        {
            Assert.That(row, Has.Count.EqualTo(records[0].Count));
            var alone = _alone[row[3]];
            var expected = alone.TaskScores().Select(task => Number(task.Score)).Append(Number(alone.Score)).Append("");
            Assert.That(row.Skip(4), Is.EqualTo(expected), $"the scores of {row[0]}");
        }
    }

    [Test]
    public void TheClassReportHoldsPlotlyAndEachTasksPassRate()
    {
        var html = File.ReadAllText(Path.Combine(_run.Out, BatchReports.ClassReportFile));
        Assert.That(html, Does.Contain("plotly.js v"), "plotly.js is embedded");
        Assert.That(html, Does.Not.Match("<script[^>]*src="), "the page loads no script from elsewhere");
        var body = html[html.IndexOf("</head>", StringComparison.Ordinal)..];
        Assert.That(Regex.Matches(body, @"Plotly\.newPlot\("), Has.Count.EqualTo(2), "the histogram and the pass rates are drawn");
        foreach (var (task, _, _) in _alone["submission_1"].TaskScores())
        {
            var passed = _alone.Values.Count(report => report.Tests.Where(test => test.Test.Task == task).All(test => test.Passed));
            var row = Regex.Match(html, $"<tr id=\"task-{Regex.Escape(task)}\">(.*?)</tr>").Groups[1].Value;
            Assert.That(row, Does.Contain($">{ClassReport.Percent(100.0 * passed / _alone.Count)}<"), $"the pass rate of task {task}");
        }
    }

    [Test]
    public void TheSimilarityReportPairsTheCopiesOfTheReferenceButNotTheStarter()
    {
        var html = File.ReadAllText(Path.Combine(_run.Out, BatchReports.SimilarityFile));
        Assert.That(html, Does.Contain("For the teacher only"));
        var pairs = Regex.Matches(html, @"<h3>(submission_\d) \(.*?\) and (submission_\d) \(").Select(match => $"{match.Groups[1].Value}+{match.Groups[2].Value}").ToHashSet();
        Assert.That(pairs, Is.EquivalentTo(new[] { "submission_1+submission_3", "submission_1+submission_4", "submission_3+submission_4" }),
            "the reference, the wrong submission and the mix share most tasks; the starter shares nothing");
    }

    private static string Number(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}

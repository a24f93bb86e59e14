using System.Globalization;
using System.Text;
using Plotly.NET;
using Plotly.NET.CSharp;
using DeepLearning.Grading.Reporting;
using Chart = Plotly.NET.CSharp.Chart;

namespace DeepLearning.Grading.Batch;

/// <summary>
/// The class report, a page for the teacher: the score histogram, each task's pass rate, and a table of the tasks
/// with their pass rate, mean score and most common failures (hidden tests by name and message: the page is not
/// for learners), then the submissions that could not be graded.
/// </summary>
public static class ClassReport
{
    public static string Html(ClassStatistics statistics, IReadOnlyList<GradedSubmission> graded, int students, double seconds)
    {
        var body = new StringBuilder()
            .Append($"<h1>Class report: {statistics.Submissions} submissions, {students} students</h1>")
            .Append($"<p>{statistics.Graded} graded; mean {Percent(statistics.MeanPercent)}, median {Percent(statistics.MedianPercent)} of the maximum; ")
            .Append(FormattableString.Invariant($"{seconds:0.0} s in all, {seconds / Math.Max(1, statistics.Submissions):0.0} s a submission. "))
            .Append("Grades are in grades.csv, each submission's results.json in results/, near-identical code in similarity.html.</p>")
            .Append(HtmlPage.Chart(Histogram(statistics)))
            .Append(HtmlPage.Chart(PassRates(statistics)))
            .Append("<h2>Tasks</h2><p>Pass rate: the share of graded submissions that passed every test of the task, hidden ones included. ")
            .Append("Failures are grouped by message, with its numbers blanked, and counted once a submission; one real message is shown, with the tests that failed with it.</p>")
            .Append("<table><tr><th>task</th><th>title</th><th>pass rate</th><th>mean score</th><th>most common failures</th></tr>");
        foreach (var task in statistics.Tasks)
        {
            body.Append($"<tr id=\"task-{HtmlPage.Encode(task.Task)}\"><td>{HtmlPage.Encode(task.Task)}</td><td>{HtmlPage.Encode(task.Title)}</td>")
                .Append($"<td class=\"number\">{Percent(100 * task.PassRate)}</td>")
                .Append(FormattableString.Invariant($"<td class=\"number\">{task.MeanScore:0.##} / {task.MaxScore:0.##}</td><td>"));
            foreach (var failure in task.Failures)
            {
                var tests = string.Join(", ", failure.Tests.Take(3)) + (failure.Tests.Count > 3 ? $" and {failure.Tests.Count - 3} more" : "");
                body.Append($"<div>{failure.Submissions} × {HtmlPage.Encode(failure.Example)} <small>({HtmlPage.Encode(tests)})</small></div>");
            }
            body.Append("</td></tr>");
        }
        body.Append("</table>");
        var errors = graded.Where(submission => submission.Error is not null).ToList();
        if (errors.Count > 0)
        {
            body.Append("<h2>Not graded</h2><ul>");
            foreach (var submission in errors)
            {
                body.Append($"<li>{HtmlPage.Encode(submission.Submission.Name)}: {HtmlPage.Encode(submission.Error!)}</li>");
            }
            body.Append("</ul>");
        }
        return HtmlPage.Build("Class report", body.ToString(), withCharts: true);
    }

    /// <summary>"42.5 %", as the table and the summary write a percentage.</summary>
    public static string Percent(double percent) => percent.ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static GenericChart Histogram(ClassStatistics statistics)
    {
        var labels = Enumerable.Range(0, 10).Select(bin => bin == 9 ? "90–100 %" : $"{10 * bin}–{10 * bin + 10} %").ToArray();
        return Chart.Column<int, string, string>(statistics.Histogram(), Keys: labels, Name: "submissions")
            .Titled("Scores (submissions a bin of 10 % of the maximum)")
            .WithSize(1000, 400);
    }

    private static GenericChart PassRates(ClassStatistics statistics) =>
        Chart.Column<double, string, string>(
                statistics.Tasks.Select(task => Math.Round(100 * task.PassRate, 1)),
                Keys: statistics.Tasks.Select(task => task.Task).ToArray(),
                Name: "pass rate (%)",
                MultiText: statistics.Tasks.Select(task => FormattableString.Invariant($"{task.Title}: mean {task.MeanScore:0.##} / {task.MaxScore:0.##}")).ToArray())
            .Titled("Pass rate a task (% of graded submissions that passed all its tests)")
            // Task ids as names: plotly would read "1.1", "1.2", "10.1" as numbers and space them on a number line.
            .WithXAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Category)
            .WithSize(1200, 450);

    /// <summary>Plotly.NET's F# <c>Chart.withTitle</c>, which the C# bindings lack.</summary>
    private static GenericChart Titled(this GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, TitleFont: null).Invoke(chart);
}

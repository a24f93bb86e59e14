using DeepLearning.Grading.Batch;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The class report's numbers, from reports made by hand: a task's pass rate counts the submissions that passed all
/// its tests, the histogram's bins are 10 % wide with 100 % in the last, and failures group by message with its
/// numbers blanked, once a submission.
/// </summary>
public sealed class ClassStatisticsTests
{
    private static readonly Dictionary<string, string> s_titles = new() { ["2.1"] = "strides", ["2.2"] = "an index" };

    [Test]
    public void PassRatesMeansAndCommonFailures()
    {
        var statistics = ClassStatistics.Compute(
        [
            Graded(Report(strides: (true, true), index: (true, "wrong"))),
            Graded(Report(strides: (true, false), index: (false, "expected 3, got 4"))),
            Graded(Report(strides: (false, false), index: (false, "expected 5, got 1"))),
            new GradedSubmission(new ClassSubmission("broken", "/broken", [new Student("broken")]), null, "could not grade", 0),
        ], s_titles);
        Assert.That(statistics.Submissions, Is.EqualTo(4));
        Assert.That(statistics.Graded, Is.EqualTo(3), "a submission that could not be graded is not counted");
        var (strides, index) = (statistics.Tasks[0], statistics.Tasks[1]);
        Assert.That((strides.Task, strides.Title, strides.MaxScore, strides.Passed, strides.PassRate), Is.EqualTo(("2.1", "strides", 3.0, 1, 1.0 / 3)));
        Assert.That(strides.MeanScore, Is.EqualTo((3 + 1 + 0) / 3.0));
        Assert.That(strides.Failures, Has.Count.EqualTo(1), "one message");
        Assert.That(strides.Failures[0].Submissions, Is.EqualTo(2), "three failing tests in two submissions");
        Assert.That(strides.Failures[0].Tests, Is.EqualTo(new[] { "Strides.Hidden", "Strides.Visible" }));
        Assert.That(index.Failures.Select(failure => (failure.Message, failure.Submissions)), Is.EqualTo(new[] { ("expected #, got #", 2) }),
            "the two wrong values are one mistake; the passing submission's message is not a failure");
        Assert.That(index.Failures[0].Example, Is.EqualTo("expected 3, got 4"));
    }

    [Test]
    public void TheHistogramHasTenBinsWithFullMarksInTheLast()
    {
        var statistics = new ClassStatistics(6, [0, 9.99, 10, 55, 99.9, 100], []);
        Assert.That(statistics.Histogram(), Is.EqualTo(new[] { 2, 1, 0, 0, 0, 1, 0, 0, 0, 2 }));
        Assert.That(statistics.MedianPercent, Is.EqualTo((10 + 55) / 2.0));
        Assert.That(statistics.MeanPercent, Is.EqualTo((0 + 9.99 + 10 + 55 + 99.9 + 100) / 6).Within(1e-12));
    }

    // Task 2.1 has a visible test (weight 1) and a hidden one (weight 2); task 2.2 one visible test that passes or
    // fails with the message.
    private static GradeReport Report((bool Visible, bool Hidden) strides, (bool Passed, string Message) index) =>
        SyntheticReports.Report(s_titles,
            SyntheticReports.Test("Strides.Visible", "2.1", hidden: false, 1, strides.Visible, "not implemented"),
            SyntheticReports.Test("Strides.Hidden", "2.1", hidden: true, 2, strides.Hidden, "not implemented"),
            SyntheticReports.Test("Index.Visible", "2.2", hidden: false, 1, index.Passed, index.Message));

    private static GradedSubmission Graded(GradeReport report) => new(new ClassSubmission("s", "/s", [new Student("s")]), report, null, 1);
}

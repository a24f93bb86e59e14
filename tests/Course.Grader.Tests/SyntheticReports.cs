using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>Grade reports made by hand, for tests of what is computed from reports, without grading anything.</summary>
internal static class SyntheticReports
{
    /// <summary>A graded test of <paramref name="task"/>: its weight when it passed, else 0 and a wrong result with <paramref name="message"/>.</summary>
    public static GradedTest Test(string id, string task, bool hidden, double weight, bool passed, string message = "expected 1, got 2")
    {
        var info = new TestCaseInfo(id, task, hidden, weight, null, null, id);
        var outcome = passed ? new TestOutcome(id, true, null, "", "", 0.1) : TestOutcome.Fail(id, FailureKind.WrongResult, message);
        var feedback = passed ? "Passed." : hidden ? "Hidden test failed: wrong values. Its details are not shown." : $"Failed: {message}";
        return new GradedTest(info, $"{task}.1", $"Task {task}: {id}", passed ? weight : 0, outcome, feedback, "");
    }

    /// <summary>A report of <paramref name="tests"/>, with the titles given and one note.</summary>
    public static GradeReport Report(IReadOnlyDictionary<string, string> titles, params GradedTest[] tests) =>
        new(tests, titles, ["graded Chapter1.ScalarAutograd.cs"], 1.5, 3);
}

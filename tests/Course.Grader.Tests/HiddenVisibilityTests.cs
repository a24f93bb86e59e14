using System.Text.Json.Nodes;
using DeepLearning.Grading.Reporting;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// While hidden tests are held back, nothing that Gradescope always shows may depend on how they went: two
/// submissions that differ only in their hidden results must get the same top-level output and the same visible
/// tests. Gradescope hides the total score itself while any test is hidden, so only that field may differ.
/// </summary>
public sealed class HiddenVisibilityTests
{
    [TestCase("after_published")]
    [TestCase("after_due_date")]
    [TestCase("hidden")]
    public void AlwaysVisibleTextDoesNotDependOnHiddenResults(string visibility)
    {
        var passed = GradescopeResults.Build(Report(hiddenPassed: true), visibility);
        var failed = GradescopeResults.Build(Report(hiddenPassed: false), visibility);
        Assert.That(passed["score"]!.GetValue<double>(), Is.Not.EqualTo(failed["score"]!.GetValue<double>()), "the reports differ in their hidden results");
        Assert.That(AlwaysVisible(failed), Is.EqualTo(AlwaysVisible(passed)));
    }

    [Test]
    public void TheOutputSaysThatHiddenTestsCountWithoutTheirScore()
    {
        var output = GradescopeResults.Build(Report(hiddenPassed: false), "after_published")["output"]!.GetValue<string>();
        Assert.That(output, Does.Contain("Visible tests: 3 / 3 (100 %)"));
        Assert.That(output, Does.Contain("2 hidden tests (3 points) count toward the score too"));
        Assert.That(output, Does.Contain("Task 1.1 (a derivative): 1 / 1").And.Contain("Task 1.2 (a product): 2 / 2"));
    }

    [Test]
    public void WithHiddenTestsVisibleTheOutputCountsThem()
    {
        var output = GradescopeResults.Build(Report(hiddenPassed: false), "visible")["output"]!.GetValue<string>();
        Assert.That(output, Does.Contain("Score: 3 / 6 (50 %)"));
        Assert.That(output, Does.Contain("Task 1.1 (a derivative): 1 / 2").And.Contain("Task 1.2 (a product): 2 / 4"));
    }

    // The top-level output and every test that is shown at once, as text.
    private static List<string> AlwaysVisible(JsonObject results) =>
        results["tests"]!.AsArray().Select(test => test!.AsObject())
            .Where(test => test["visibility"]!.GetValue<string>() == "visible")
            .Select(test => test.ToJsonString())
            .Prepend(results["output"]!.GetValue<string>())
            .ToList();

    // Two tasks, each with a visible test that passes and a hidden test (weights 1 and 2) that passes or fails.
    private static GradeReport Report(bool hiddenPassed) =>
        SyntheticReports.Report(new Dictionary<string, string> { ["1.1"] = "a derivative", ["1.2"] = "a product" },
            SyntheticReports.Test("Task1_1.Visible", "1.1", hidden: false, 1, passed: true),
            SyntheticReports.Test("Hidden1.One", "1.1", hidden: true, 1, hiddenPassed),
            SyntheticReports.Test("Task1_2.Visible", "1.2", hidden: false, 2, passed: true),
            SyntheticReports.Test("Hidden1.Two", "1.2", hidden: true, 2, hiddenPassed));
}

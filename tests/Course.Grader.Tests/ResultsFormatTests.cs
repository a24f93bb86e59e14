using System.Text.Json.Nodes;
using System.Xml.Linq;
using DeepLearning.Grading.Reporting;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// results.json holds only the fields Gradescope documents for its autograder results, with the documented
/// values; hidden tests reveal nothing but how they failed; the JUnit XML parses and counts right.
/// </summary>
public sealed class ResultsFormatTests
{
    // Gradescope's autograder specification, "Output format".
    private static readonly string[] s_topLevelFields =
        ["score", "execution_time", "output", "output_format", "test_output_format", "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"];

    private static readonly string[] s_testFields =
        ["score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags", "visibility", "extra_data"];

    private static IEnumerable<TestCaseData> Reports()
    {
        yield return new TestCaseData("reference").SetArgDisplayNames("reference");
        yield return new TestCaseData("sign-error-in-mul-backward").SetArgDisplayNames("sign-error-in-mul-backward");
        yield return new TestCaseData("stack-overflow").SetArgDisplayNames("stack-overflow");
    }

    [TestCaseSource(nameof(Reports))]
    public void ResultsJsonHasOnlyDocumentedFields(string name)
    {
        var report = Report(name);
        var json = JsonNode.Parse(GradescopeResults.Build(report).ToJsonString())!.AsObject();
        Assert.That(json.Select(field => field.Key), Is.SubsetOf(s_topLevelFields));
        Assert.That(json["score"]!.GetValue<double>(), Is.EqualTo(report.Score));
        Assert.That(json["execution_time"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(json["stdout_visibility"]!.GetValue<string>(), Is.AnyOf(GradescopeResults.Visibilities));
        var tests = json["tests"]!.AsArray();
        Assert.That(tests, Has.Count.EqualTo(report.Tests.Count));
        var total = 0.0;
        foreach (var test in tests.Select(node => node!.AsObject()))
        {
            Assert.That(test.Select(field => field.Key), Is.SubsetOf(s_testFields));
            var (score, max) = (test["score"]!.GetValue<double>(), test["max_score"]!.GetValue<double>());
            Assert.That(score, Is.InRange(0, max));
            Assert.That(test["status"]!.GetValue<string>(), Is.EqualTo(score == max ? "passed" : "failed"));
            Assert.That(test["visibility"]!.GetValue<string>(), Is.AnyOf(GradescopeResults.Visibilities));
            Assert.That(test["name"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(test["output"]!.GetValue<string>(), Is.Not.Empty);
            total += score;
        }
        Assert.That(total, Is.EqualTo(json["score"]!.GetValue<double>()), "score is the sum of the tests' scores");
        var extra = json["extra_data"]!.AsObject();
        Assert.That(extra.Select(field => field.Key), Is.EquivalentTo(new[] { "course_version", "course_commit", "runtime", "config_sha256" }));
        Assert.That(extra["course_commit"]!.GetValue<string>(), Is.EqualTo(CourseVersion.Current.Commit), "the commit the grader was built from");
        Assert.That(extra["runtime"]!.GetValue<string>(), Is.EqualTo(CourseVersion.Current.Runtime));
    }

    [TestCaseSource(nameof(Reports))]
    public void HiddenTestsRevealNoDetails(string name)
    {
        var report = Report(name);
        var hidden = GradescopeResults.Build(report)["tests"]!.AsArray().Select(node => node!.AsObject())
            .Where(test => test["tags"]!.AsArray().Any(tag => tag!.GetValue<string>() == "hidden"))
            .ToList();
        Assert.That(hidden, Is.Not.Empty);
        foreach (var test in hidden)
        {
            var output = test["output"]!.GetValue<string>();
            Assert.That(output, Does.StartWith("Passed.").Or.StartWith("Hidden test failed: "), "hidden output is a verdict and a hint only");
            Assert.That(output, Does.Not.Contain("expected").IgnoreCase.And.Not.Contain("--- output ---"));
            Assert.That(test["name"]!.GetValue<string>(), Does.Match(@"^Task \d+\.\d+ \(.+\): hidden test \d+$"));
            Assert.That(test["visibility"]!.GetValue<string>(), Is.EqualTo("after_published"));
        }
    }

    [TestCaseSource(nameof(Reports))]
    public void JUnitXmlCountsEveryTestAndFailure(string name)
    {
        var report = Report(name);
        var document = XDocument.Parse(JUnitReport.Build(report).ToString());
        var cases = document.Descendants("testcase").ToList();
        Assert.That(cases, Has.Count.EqualTo(report.Tests.Count));
        Assert.That(document.Descendants("failure").Count(), Is.EqualTo(report.Tests.Count(test => !test.Passed)));
        Assert.That(int.Parse(document.Root!.Attribute("failures")!.Value), Is.EqualTo(report.Tests.Count(test => !test.Passed)));
        Assert.That(document.Descendants("testsuite").Count(), Is.EqualTo(report.Tests.Select(test => test.Test.Task).Distinct().Count()), "a suite a task");
    }

    [Test]
    public void ReportTextHoldsOnlyWhatXmlAndJsonCanHold() =>
        Assert.That(SafeText.Clean("a\uFFFF\uFFFE\u0000b\uD800c\u001B\uD83D\uDE00\t\n"), Is.EqualTo("abc\uD83D\uDE00\t\n"), "a whole surrogate pair stays");

    [Test]
    public void AReportReplacesWhatStandsInItsPlace()
    {
        var folder = Directory.CreateTempSubdirectory("dlc-grade-atomic-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "results.json", "inside"));
            Directory.CreateDirectory(Path.Combine(folder, "results.json.tmp"));
            AtomicFile.Write(Path.Combine(folder, "results.json"), "{}");
            Assert.That(File.ReadAllText(Path.Combine(folder, "results.json")), Is.EqualTo("{}"));
            Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EqualTo(new[] { "results.json" }), "no temporary file is left");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void TerminalSummaryHidesHiddenDetailsUnlessAsked()
    {
        var report = GradedSubmissions.Wrong("sign-error-in-mul-backward").Report;
        var learner = TerminalSummary.Format(report, revealHidden: false);
        var teacher = TerminalSummary.Format(report, revealHidden: true);
        var reference = GradedSubmissions.Reference.Report;
        var expected = Honesty.WrongSubmission.Load(GradedSubmissions.Layout, "sign-error-in-mul-backward").ExpectedScore(reference.Tests.Select(test => test.Test));
        Assert.That(learner, Does.Contain($"Score: {expected:0.##} / {reference.MaxScore:0.##}").And.Not.Contain("MulBackwardInsideALargerGraph"));
        Assert.That(teacher, Does.Contain("MulBackwardInsideALargerGraph: dL/da: expected -7.5, got 7.5"));
    }

    private static GradeReport Report(string name) => name == "reference" ? GradedSubmissions.Reference.Report : GradedSubmissions.Wrong(name).Report;
}

using System.Globalization;
using System.Xml.Linq;

namespace DeepLearning.Grading.Reporting;

/// <summary>
/// JUnit XML, which any CI shows: a test suite a task, a test case a test, a failure element with the message.
/// Hidden tests carry the same redacted feedback as in results.json.
/// </summary>
public static class JUnitReport
{
    public static XDocument Build(GradeReport report)
    {
        var suites = new XElement("testsuites",
            new XAttribute("name", "dlc-grade"),
            new XAttribute("tests", report.Tests.Count),
            new XAttribute("failures", report.Tests.Count(test => !test.Passed)),
            new XAttribute("time", Seconds(report.ExecutionSeconds)));
        foreach (var task in report.Tests.GroupBy(test => test.Test.Task))
        {
            var suiteName = Clean($"Task {task.Key}" + (report.TaskTitles.TryGetValue(task.Key, out var title) ? $": {title}" : ""));
            var suite = new XElement("testsuite",
                new XAttribute("name", suiteName),
                new XAttribute("tests", task.Count()),
                new XAttribute("failures", task.Count(test => !test.Passed)),
                new XAttribute("errors", 0),
                new XAttribute("time", Seconds(task.Sum(test => test.Outcome.Seconds))));
            foreach (var test in task)
            {
                var label = test.Name[(test.Name.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                var testCase = new XElement("testcase",
                    new XAttribute("classname", $"Task {task.Key}"),
                    new XAttribute("name", Clean(label)),
                    new XAttribute("time", Seconds(test.Outcome.Seconds)));
                if (!test.Passed)
                {
                    testCase.Add(new XElement("failure",
                        new XAttribute("message", Clean(test.Feedback.Split('\n')[0])),
                        new XAttribute("type", Grader.Describe(test.Outcome.Failure)),
                        Clean(test.Feedback)));
                }
                suite.Add(testCase);
            }
            suites.Add(suite);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites);
    }

    public static void Write(GradeReport report, string path)
    {
        var document = Build(report);
        GradescopeResults.WriteAtomically(path, $"{document.Declaration}\n{document.Root}");
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    // XML 1.0 cannot hold most control characters, U+FFFE, U+FFFF or a lone surrogate, which a test's output may contain.
    private static string Clean(string text) => SafeText.Clean(text);
}

using System.Diagnostics;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Honesty;

/// <summary>
/// Checks that the grader grades honestly: the reference solution scores full marks, the untouched starter
/// scores 0, and every committed wrong submission gets exactly the failures it is pinned to, and so the score that
/// the course's points less those failures make. For
/// each, the reports are written too (into a results folder that may hold what a hostile submission expects to
/// find there) and must parse, and no process the submission started may be left running.
/// </summary>
public sealed class HonestyCheck(CourseLayout layout, Grader grader)
{
    /// <summary>What hostile submissions put in the command line of the processes they start, so that survivors can be found.</summary>
    public const string SurvivorMarker = "dlc-hostile-survivor";

    /// <summary>
    /// One graded submission against its expectation; <see cref="Problems"/> is empty when they agree. It carries
    /// the results.json and the JUnit XML written for it.
    /// </summary>
    public sealed record Result(string Name, double ExpectedScore, GradeReport Report, IReadOnlyList<string> Problems, double Seconds, string ResultsJson = "", string JUnitXml = "");

    public Result Reference() => Check("reference", CopyInto(WrongSubmission.CopyReference), [], report =>
        (report.MaxScore, Compare(report, expectedScore: report.MaxScore, expectedFailures: [])));

    public Result Starter() => Check("starter", CopyInto(WrongSubmission.CopyStarter), [], report =>
        (0, Compare(report, expectedScore: 0, report.Tests.Select(test => new WrongSubmission.ExpectedFailure(FailureKind.NotImplemented, Test: test.Test.Id)).ToList())));

    public Result Wrong(WrongSubmission submission) => Check(submission.Name, CopyInto((course, folder) => submission.Materialize(course, folder)), submission.ResultsFolder, report =>
    {
        var expectedScore = submission.ExpectedScore(report.Tests.Select(test => test.Test));
        var problems = Compare(report, expectedScore, submission.ExpectedFailures);
        if (submission.ExpectedOutputContains is { } text && !report.Tests.Any(test => test.Outcome.Output.Contains(text, StringComparison.Ordinal)))
        {
            problems.Add($"no test's output contains \"{text}\"");
        }
        problems.AddRange(submission.ExpectedTeacherNotes.Where(text => !report.TeacherNotes.Any(note => note.Contains(text, StringComparison.Ordinal)))
            .Select(text => $"no note for the teacher contains \"{text}\""));
        problems.AddRange(submission.ExpectedNotes.Where(text => !report.Notes.Any(note => note.Contains(text, StringComparison.Ordinal)))
            .Select(text => $"no note in results.json contains \"{text}\""));
        return (expectedScore, problems);
    }, submission.ForbiddenInReports);

    private Func<string> CopyInto(Action<CourseLayout, string> lay) => () =>
    {
        var folder = Directory.CreateTempSubdirectory("dlc-grade-submission-").FullName;
        lay(layout, folder);
        return folder;
    };

    private Result Check(string name, Func<string> prepare, IReadOnlyList<string> resultsFolder,
        Func<GradeReport, (double ExpectedScore, List<string> Problems)> compare, IReadOnlyList<string>? forbidden = null)
    {
        var clock = Stopwatch.StartNew();
        var folder = prepare();
        var results = Directory.CreateTempSubdirectory("dlc-grade-results-").FullName;
        try
        {
            var report = grader.Grade(folder);
            var seconds = clock.Elapsed.TotalSeconds;
            var (expectedScore, problems) = compare(report);
            var (json, xml) = WriteReports(report, results, resultsFolder, problems);
            problems.AddRange((forbidden ?? []).Where(text => json.Contains(text, StringComparison.Ordinal) || xml.Contains(text, StringComparison.Ordinal))
                .Select(text => $"the reports contain \"{text}\", which learners must not see"));
            var survivors = Survivors();
            if (survivors.Count > 0)
            {
                problems.Add($"{survivors.Count} process(es) of the submission survived grading: {string.Join("; ", survivors)}");
            }
            return new Result(name, expectedScore, report, problems, seconds, json, xml);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(results, recursive: true);
        }
    }

    // Writes results.json and the JUnit XML as `grade` does, over whatever the submission expects to find in the
    // results folder, and checks that both parse.
    private static (string Json, string Xml) WriteReports(GradeReport report, string folder, IReadOnlyList<string> present, List<string> problems)
    {
        foreach (var entry in present)
        {
            var path = Path.Combine(folder, entry);
            if (entry.EndsWith('/'))
            {
                Directory.CreateDirectory(Path.Combine(path, "stale"));
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, "stale");
            }
        }
        var jsonPath = Path.Combine(folder, "results.json");
        var xmlPath = Path.Combine(folder, "junit.xml");
        Reporting.GradescopeResults.Write(report, jsonPath);
        Reporting.JUnitReport.Write(report, xmlPath);
        var (json, xml) = (File.ReadAllText(jsonPath), File.ReadAllText(xmlPath));
        try
        {
            using var parsed = System.Text.Json.JsonDocument.Parse(json);
            if (Math.Abs(parsed.RootElement.GetProperty("score").GetDouble() - report.Score) > 1e-9)
            {
                problems.Add("results.json does not hold the report's score");
            }
        }
        catch (System.Text.Json.JsonException exception)
        {
            problems.Add($"results.json does not parse: {exception.Message}");
        }
        try
        {
            System.Xml.Linq.XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException exception)
        {
            problems.Add($"the JUnit XML does not parse: {exception.Message}");
        }
        return (json, xml);
    }

    // Processes that hostile submissions start carry the marker in their command line.
    private static List<string> Survivors()
    {
        var found = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(directory => int.TryParse(Path.GetFileName(directory), out _)))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(SurvivorMarker, StringComparison.Ordinal) && int.Parse(Path.GetFileName(directory)) != Environment.ProcessId)
                {
                    found.Add($"{Path.GetFileName(directory)}: {commandLine.Trim()}");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Ended meanwhile.
            }
        }
        return found;
    }

    private static List<string> Compare(GradeReport report, double expectedScore, IReadOnlyList<WrongSubmission.ExpectedFailure> expectedFailures)
    {
        var problems = new List<string>();
        if (Math.Abs(report.Score - expectedScore) > 1e-9)
        {
            problems.Add($"score {report.Score:0.##}, expected {expectedScore:0.##} (of {report.MaxScore:0.##})");
        }
        foreach (var test in report.Tests)
        {
            var expected = expectedFailures.FirstOrDefault(failure => failure.Matches(test.Test));
            var (shouldFail, kind) = (expected is not null, expected?.Kind);
            if (test.Passed && shouldFail)
            {
                problems.Add($"{test.Test.Id} passed, expected it to fail ({kind})");
            }
            else if (!test.Passed && !shouldFail)
            {
                problems.Add($"{test.Test.Id} failed ({test.Outcome.Failure}: {FirstLine(test.Outcome.Message)}), expected it to pass");
            }
            else if (!test.Passed && test.Outcome.Failure != kind)
            {
                problems.Add($"{test.Test.Id} failed as {test.Outcome.Failure} ({FirstLine(test.Outcome.Message)}), expected {kind}");
            }
        }
        problems.AddRange(expectedFailures.Where(failure => !report.Tests.Any(test => failure.Matches(test.Test)))
            .Select(failure => $"{failure} is expected to fail but there is no such test"));
        return problems;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}

using System.Diagnostics;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Honesty;

/// <summary>
/// Checks that the grader grades honestly: the reference solution scores full marks, the untouched starter
/// scores 0, and every committed wrong submission gets exactly the score and the failures it is pinned to.
/// </summary>
public sealed class HonestyCheck(CourseLayout layout, Grader grader)
{
    /// <summary>One graded submission against its expectation; <see cref="Problems"/> is empty when they agree.</summary>
    public sealed record Result(string Name, double ExpectedScore, GradeReport Report, IReadOnlyList<string> Problems, double Seconds);

    public Result Reference() => Check("reference", CopyInto(WrongSubmission.CopyReference), report =>
        (report.MaxScore, Compare(report, expectedScore: report.MaxScore, expectedFailures: [])));

    public Result Starter() => Check("starter", CopyInto(WrongSubmission.CopyStarter), report =>
        (0, Compare(report, expectedScore: 0, report.Tests.Select(test => new WrongSubmission.ExpectedFailure(test.Test.Id, FailureKind.NotImplemented)).ToList())));

    public Result Wrong(WrongSubmission submission) => Check(submission.Name, CopyInto((course, folder) => submission.Materialize(course, folder)), report =>
    {
        var problems = Compare(report, submission.ExpectedScore, submission.ExpectedFailures);
        if (submission.ExpectedOutputContains is { } text && !report.Tests.Any(test => test.Outcome.Output.Contains(text, StringComparison.Ordinal)))
        {
            problems.Add($"no test's output contains \"{text}\"");
        }
        return (submission.ExpectedScore, problems);
    });

    private Func<string> CopyInto(Action<CourseLayout, string> lay) => () =>
    {
        var folder = Directory.CreateTempSubdirectory("dlc-grade-submission-").FullName;
        lay(layout, folder);
        return folder;
    };

    private Result Check(string name, Func<string> prepare, Func<GradeReport, (double ExpectedScore, List<string> Problems)> compare)
    {
        var clock = Stopwatch.StartNew();
        var folder = prepare();
        try
        {
            var report = grader.Grade(folder);
            var (expectedScore, problems) = compare(report);
            return new Result(name, expectedScore, report, problems, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> Compare(GradeReport report, double expectedScore, IReadOnlyList<WrongSubmission.ExpectedFailure> expectedFailures)
    {
        var problems = new List<string>();
        if (Math.Abs(report.Score - expectedScore) > 1e-9)
        {
            problems.Add($"score {report.Score:0.##}, expected {expectedScore:0.##} (of {report.MaxScore:0.##})");
        }
        var expected = expectedFailures.ToDictionary(failure => failure.Test, failure => failure.Kind);
        foreach (var test in report.Tests)
        {
            var shouldFail = expected.TryGetValue(test.Test.Id, out var kind);
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
        var known = report.Tests.Select(test => test.Test.Id).ToHashSet();
        problems.AddRange(expected.Keys.Where(id => !known.Contains(id)).Select(id => $"{id} is expected to fail but there is no such test"));
        return problems;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}

using System.Diagnostics;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading;

/// <summary>
/// Grades a submission folder: picks out its exercise files, builds them against the grader's own tests, runs
/// every test in child processes under the limits, and scores each test by its weight.
/// </summary>
public sealed class Grader(CourseLayout layout, RunLimits limits)
{
    public GradeReport Grade(string submissionFolder)
    {
        var clock = Stopwatch.StartNew();
        var starter = SubmissionBuilder.StarterFiles(layout);
        var selection = SubmissionFiles.Select(submissionFolder, starter.Keys.ToList());
        var work = Directory.CreateTempSubdirectory("dlc-grade-");
        try
        {
            var build = SubmissionBuilder.Compile(layout, selection.Files, Path.Combine(work.FullName, "bin"));
            var scratch = Directory.CreateDirectory(Path.Combine(work.FullName, "scratch")).FullName;
            var run = new TestSupervisor(limits).Run(build.TestsAssemblyPath, scratch);
            var titles = TaskCatalog.Read(starter.Values.Select(file => file.Text));
            var tests = Score(run, build, titles);
            var notes = selection.Notes.Concat(build.ChaptersNotCompiled.OrderBy(pair => pair.Key, TaskIdComparer.Instance).Select(pair => pair.Value)).ToList();
            return new GradeReport(tests, titles, notes, clock.Elapsed.TotalSeconds, run.HostStarts);
        }
        finally
        {
            TryDelete(work);
        }
    }

    private static List<GradedTest> Score(TestSupervisor.RunResult run, SubmissionBuilder.Build build, IReadOnlyDictionary<string, string> titles)
    {
        var graded = new List<GradedTest>();
        foreach (var task in run.Tests.GroupBy(test => test.Task).OrderBy(group => group.Key, TaskIdComparer.Instance))
        {
            var title = titles.GetValueOrDefault(task.Key, "");
            var position = 0;
            var hiddenPosition = 0;
            // Visible tests first, then hidden ones, each in the order the tests declare them.
            foreach (var test in task.OrderBy(test => test.Hidden))
            {
                position++;
                var outcome = run.Outcomes[test.Id];
                if (!outcome.Passed && build.ChaptersNotCompiled.TryGetValue(test.Chapter, out var compileErrors))
                {
                    outcome = outcome with { Failure = FailureKind.CompileError, Message = compileErrors };
                }
                var label = test.Hidden ? $"hidden test {++hiddenPosition}" : test.DisplayName;
                var name = $"Task {task.Key}" + (title.Length > 0 ? $" ({title})" : "") + $": {label}";
                graded.Add(new GradedTest(test, $"{task.Key}.{position}", name, outcome.Passed ? test.Weight : 0, outcome,
                    Feedback(test, outcome), Details(test, outcome)));
            }
        }
        return graded;
    }

    // What the learner sees. A hidden test tells only how it failed, never the message: messages name inputs
    // and expected values, which is what keeps a hidden test hidden. Its output is withheld for the same reason.
    private static string Feedback(TestCaseInfo test, TestOutcome outcome)
    {
        if (outcome.Passed)
        {
            return test.Hidden || outcome.Output.Length == 0 ? "Passed." : $"Passed.\n--- output ---\n{outcome.Output}";
        }
        var hint = test.Hint is null ? "" : $"\nHint: {test.Hint}";
        if (test.Hidden)
        {
            return outcome.Failure == FailureKind.CompileError
                ? $"Failed: {outcome.Message}"
                : $"Hidden test failed ({Describe(outcome.Failure)}); its details are not shown.{hint}";
        }
        var output = outcome.Output.Length == 0 ? "" : $"\n--- output ---\n{outcome.Output}";
        return $"Failed: {outcome.Message}{hint}{output}";
    }

    private static string Details(TestCaseInfo test, TestOutcome outcome) =>
        outcome.Passed ? "" : $"{test.Id}: {outcome.Message}" + (outcome.Output.Length == 0 ? "" : $"\n--- output ---\n{outcome.Output}");

    public static string Describe(FailureKind? failure) => failure switch
    {
        FailureKind.WrongResult => "wrong result",
        FailureKind.NotImplemented => "not implemented",
        FailureKind.Exception => "an exception was thrown",
        FailureKind.Timeout => "ran out of time",
        FailureKind.Crash => "the test process crashed",
        FailureKind.OutOfMemory => "used too much memory",
        FailureKind.CompileError => "did not compile",
        FailureKind.NotRun => "not run: out of time",
        _ => "failed",
    };

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A test host that is still exiting may hold a file; the temp folder is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

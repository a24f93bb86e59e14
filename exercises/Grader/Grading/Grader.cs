using System.Diagnostics;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Running;
using DeepLearning.Grading.Sandbox;

namespace DeepLearning.Grading;

/// <summary>
/// Grades a submission folder: picks out its exercise files, builds them (in the compile worker) beside the
/// grader's own tests, runs the visible tests once and the hidden tests twice (the second time in reverse order),
/// each group in its own test hosts inside the OS boundary, and scores each test by its weight. A hidden test
/// scores only if both its runs pass; when they disagree, the teacher is told the submission is nondeterministic.
/// </summary>
/// <remarks>
/// The boundary is this machine's strongest (<see cref="OsBoundary.Current"/>) unless one is given. A course
/// configuration, when given, sets the tests' points and the late policy; it is checked against the course's tests
/// before any test runs.
/// </remarks>
public sealed class Grader(CourseLayout layout, RunLimits limits, OsBoundary? osBoundary = null, CourseConfig? config = null)
{
    /// <param name="submissionFolder">The folder to grade.</param>
    /// <param name="submittedAt">When it was handed in, for the configuration's late policy.</param>
    public GradeReport Grade(string submissionFolder, DateTimeOffset? submittedAt = null)
    {
        var clock = Stopwatch.StartNew();
        var boundary = osBoundary ?? OsBoundary.Current;
        var starter = SubmissionBuilder.StarterFiles(layout);
        var selection = SubmissionFiles.Select(submissionFolder, starter, NotebookNames());
        var work = Directory.CreateTempSubdirectory("dlc-grade-");
        try
        {
            // Without a boundary, code under test could write the on-disk cache of compiled tests: it is not used then.
            var build = SubmissionBuilder.Compile(layout, selection.Files, Path.Combine(work.FullName, "bin"), limits, diskCache: boundary.Kind != BoundaryKind.None);
            var courseTests = build.Tests.VisibleTests.Concat(build.Tests.HiddenTests).ToList();
            config?.Check(courseTests);
            var (outcomes, teacherNotes, hostStarts) = RunTests(build, boundary, work.FullName);
            var titles = TaskCatalog.Read(starter.Values.Select(file => file.Text));
            var tests = Score(config?.Reweigh(courseTests) ?? courseTests, outcomes, build, selection.CellsNotCompiled, titles);
            var late = config?.Late is { } policy && submittedAt is { } time ? policy.For(time) : null;
            var notes = selection.Notes
                .Concat(build.ChaptersNotCompiled.OrderBy(pair => pair.Key, TaskIdComparer.Instance).Select(pair => pair.Value))
                .Concat(build.MissingMembers.Select(member => member.Message))
                .Concat(build.Rejected)
                .Concat(build.EngineCalls.OrderBy(pair => pair.Key, TaskIdComparer.Instance).Select(pair => pair.Value))
                .Concat(boundary.Weakness is null ? [] : [boundary.Description])
                .Concat(config is null ? [] : config.Tasks.Where(task => !task.Value.Counts).Select(task => $"Task {task.Key} does not count towards the grade this term: its tests are shown, worth 0 points"))
                .ToList();
            if (config?.Late is not null && submittedAt is null)
            {
                teacherNotes.Add($"the late policy of {config.FileName} was not applied: the submission's time is unknown (--submitted-at or --submission-metadata)");
            }
            return new GradeReport(tests, titles, notes, clock.Elapsed.TotalSeconds, hostStarts)
            {
                TeacherNotes = teacherNotes,
                Isolation = boundary.Description,
                Late = late,
                ConfigSha256 = config?.Sha256,
            };
        }
        finally
        {
            TryDelete(work);
        }
    }

    // The course's notebooks by name, for the notes that say what to upload; an autograder has none.
    private IReadOnlyList<string> NotebookNames() =>
        Directory.Exists(layout.Notebooks) ? Generation.NotebookGenerator.Chapters(layout).Select(path => Path.GetFileName(path)).ToList() : [];

    // Every test's outcome: the visible tests once, the hidden tests twice (a hidden test keeps a failure from either
    // run), and what the teacher should know about how they were reached.
    private (Dictionary<string, TestOutcome> Outcomes, List<string> TeacherNotes, int HostStarts) RunTests(SubmissionBuilder.Build build, OsBoundary boundary, string work)
    {
        var supervisor = new TestSupervisor(limits, boundary);
        var overall = Stopwatch.StartNew();
        // The visible tests and the first run of the hidden ones are independent. In namespaces of their own they run
        // side by side (each test's limit is CPU time, so sharing the machine costs no test its time); without, a
        // hidden host could leave what it finds in /tmp for a visible host running beside it, so they take turns.
        var visibleRunning = Task.Run(() => supervisor.Run("visible", [build.ExercisesPath, build.VisibleTestsPath], TestAssemblies.VisibleName, build.Tests.VisibleTests, work, overall));
        if (boundary.Kind is not (BoundaryKind.Namespaces or BoundaryKind.UserNamespaces))
        {
            visibleRunning.Wait();
        }
        var hidden = new[] { build.ExercisesPath, build.HiddenTestsPath };
        var first = supervisor.Run("hidden (run 1)", hidden, TestAssemblies.HiddenName, build.Tests.HiddenTests, work, overall);
        var visible = visibleRunning.GetAwaiter().GetResult();
        // Run 2 repeats, in reverse order, every hidden test that ran to its end in run 1: a time-out need not be
        // waited for twice, and a crash was already confirmed by running the test again alone.
        var again = build.Tests.HiddenTests.Where(test => first.Outcomes[test.Id].Failure is not (FailureKind.Timeout or FailureKind.NotRun or FailureKind.Crash)).Reverse().ToList();
        var second = supervisor.Run("hidden (run 2, reverse order)", hidden, TestAssemblies.HiddenName, again, work, overall);

        var teacherNotes = visible.TeacherNotes.Concat(first.TeacherNotes).Concat(second.TeacherNotes).ToList();
        if (build.Watched.Count > 0)
        {
            teacherNotes.Add($"review: the submission's code uses {string.Join(", ", build.Watched)}, which no exercise needs");
        }
        var outcomes = visible.Outcomes.ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var test in build.Tests.HiddenTests)
        {
            var one = first.Outcomes[test.Id];
            var two = second.Outcomes.GetValueOrDefault(test.Id);
            outcomes[test.Id] = one.Passed && two is { Passed: false } ? two : one;
            if (two is not null && one.Passed != two.Passed)
            {
                teacherNotes.Add($"nondeterminism: hidden test {test.Id} (task {test.Task}) {(one.Passed ? "passed" : "failed")} in run 1 and {(two.Passed ? "passed" : "failed")} in run 2; it scores only when both pass");
            }
        }
        return (outcomes, teacherNotes, visible.HostStarts + first.HostStarts + second.HostStarts);
    }

    private static List<GradedTest> Score(IReadOnlyList<TestCaseInfo> all, IReadOnlyDictionary<string, TestOutcome> outcomes, SubmissionBuilder.Build build,
        IReadOnlyDictionary<string, string> cellsNotCompiled, IReadOnlyDictionary<string, string> titles)
    {
        var graded = new List<GradedTest>();
        var missingByTask = build.MissingMembers.Where(member => member.Task is not null).GroupBy(member => member.Task!)
            .ToDictionary(group => group.Key, group => string.Join("\n", group.Select(member => member.Message)));
        foreach (var task in all.GroupBy(test => test.Task).OrderBy(group => group.Key, TaskIdComparer.Instance))
        {
            var title = titles.GetValueOrDefault(task.Key, "");
            var position = 0;
            var hiddenPosition = 0;
            // Visible tests first, then hidden ones, each in the order the tests declare them.
            foreach (var test in task.OrderBy(test => test.Hidden))
            {
                position++;
                var outcome = outcomes[test.Id];
                if (!outcome.Passed && build.ChaptersNotCompiled.TryGetValue(test.Chapter, out var compileErrors))
                {
                    outcome = outcome with { Failure = FailureKind.CompileError, Message = compileErrors };
                }
                // Its notebook cell did not compile, so the stub stood in for it: say so, not "not implemented".
                if (!outcome.Passed && cellsNotCompiled.TryGetValue(task.Key, out var cellError))
                {
                    outcome = outcome with { Failure = FailureKind.CompileError, Message = cellError };
                }
                // Its method is not in the submission at all (the stub stands in): the task is not there to grade.
                if (missingByTask.TryGetValue(task.Key, out var missing))
                {
                    outcome = outcome with { Passed = false, Failure = FailureKind.MissingMember, Message = missing };
                }
                // Whatever the tests say: a task that delegates to the engine has not been written.
                if (build.EngineCalls.TryGetValue(task.Key, out var engineCall))
                {
                    outcome = outcome with { Passed = false, Failure = FailureKind.NotAllowedCall, Message = engineCall };
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
        // A message that names its likely cause (the tests' Diagnosis.Prefix) says more than the test's hint, which
        // may be about another cause: as in the notebook's check, the hint is left out then.
        var hint = test.Hint is null || outcome.Message.Contains("Likely cause: ", StringComparison.Ordinal) ? "" : $"\nHint: {test.Hint}";
        if (test.Hidden)
        {
            // These messages come from the build, not the test: they tell nothing of its inputs. Otherwise only the
            // kind of failure, and the hint where it fits that kind.
            return outcome.Failure is FailureKind.CompileError or FailureKind.NotAllowedCall or FailureKind.MissingMember
                ? $"Failed: {outcome.Message}"
                : HiddenFeedback.For(test, outcome);
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
        FailureKind.NotAllowedCall => "calls the engine where the task asks for your own code",
        FailureKind.MissingMember => "its method is missing from the submission",
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

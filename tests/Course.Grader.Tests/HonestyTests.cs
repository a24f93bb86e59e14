using System.Text.RegularExpressions;
using DeepLearning.Grading.Honesty;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// Honest grading, pinned: the reference solution scores 100 %, the untouched starter compiles and scores 0, and
/// each committed wrong submission gets exactly the score and the failures written in its submission.json.
/// </summary>
public sealed class HonestyTests
{
    /// <summary>Every wrong submission, by the kind of mistake the issue lists (and a few more).</summary>
    private static readonly string[] s_wrongSubmissions =
    [
        "sign-error-in-mul-backward",
        "missing-broadcast-reduction",
        "conv-padding-off-by-one",
        "infinite-loop",
        "stack-overflow",
        "throws-exception",
        "edits-a-test",
        "calls-environment-exit",
        "floods-output",
        "exhausts-memory",
        "compile-error-in-one-chapter",
        "delegates-to-the-engine",
        "lacks-a-newer-task",
    ];

    /// <summary>
    /// The hostile set: each attack on the grader, pinned at the score of the same submission without the attack
    /// (and with reports that parse, no leak of hidden tests, no process left running).
    /// </summary>
    private static readonly string[] s_hostileSubmissions =
    [
        "shadows-assert",
        "shadows-assert-internal",
        "forges-verdicts",
        "replaces-test-assembly",
        "outlives-grading",
        "reads-hidden-tests",
        "deeply-nested-expression",
        "slow-to-compile",
        "pre-created-results-tmp",
        "prints-invalid-characters",
        "links-outside-the-submission",
        "crashes-a-background-thread",
        "answers-depend-on-test-order",
        "probes-the-sandbox",
    ];

    [Test]
    public void ReferenceScoresFullMarks()
    {
        var reference = GradedSubmissions.Reference;
        Assert.That(reference.Problems, Is.Empty);
        Assert.That(reference.Report.Percent, Is.EqualTo(100));
        Assert.That(reference.Report.HostStarts, Is.EqualTo(3), "a clean run needs one test process a group: visible, hidden, hidden again");
    }

    [Test]
    public void StarterCompilesAndScoresZero()
    {
        var starter = GradedSubmissions.Starter;
        Assert.That(starter.Problems, Is.Empty, "every test should fail as not implemented");
        Assert.That(starter.Report.Score, Is.Zero);
        Assert.That(starter.Report.Notes.Where(note => note.Contains("did not compile")), Is.Empty, "the starter compiles");
    }

    [Test]
    public void EveryTestInTheSourcesIsGraded()
    {
        // A test without a task category would be skipped by the grader without a word.
        var declared = CourseLayout.SourceFiles(GradedSubmissions.Layout.SolutionTests)
            .Sum(file => Regex.Matches(File.ReadAllText(file.Full), @"\[Test\b").Count);
        Assert.That(GradedSubmissions.Reference.Report.Tests, Has.Count.EqualTo(declared));
    }

    [TestCaseSource(nameof(s_wrongSubmissions))]
    [TestCaseSource(nameof(s_hostileSubmissions))]
    public void WrongSubmissionGetsItsPinnedGrade(string name)
    {
        var result = GradedSubmissions.Wrong(name);
        Assert.That(result.Problems, Is.Empty, $"{name}: {WrongSubmission.Load(GradedSubmissions.Layout, name).Description}");
        Assert.That(result.Report.Score, Is.EqualTo(result.ExpectedScore));
    }

    [Test]
    public void EveryWrongSubmissionFolderIsPinnedHere() =>
        Assert.That(WrongSubmission.LoadAll(GradedSubmissions.Layout).Select(submission => submission.Name), Is.EquivalentTo(s_wrongSubmissions.Concat(s_hostileSubmissions)));

    [Test]
    public void AnAttackScoresWhatTheSameSubmissionWithoutItScores()
    {
        // Three attacks on top of the same sign error: the same grade as the sign error alone, test by test.
        var honest = GradedSubmissions.Wrong("sign-error-in-mul-backward").Report;
        foreach (var attack in new[] { "shadows-assert", "forges-verdicts", "reads-hidden-tests" })
        {
            var report = GradedSubmissions.Wrong(attack).Report;
            Assert.That(report.Tests.Select(test => (test.Test.Id, test.Score)), Is.EqualTo(honest.Tests.Select(test => (test.Test.Id, test.Score))), attack);
        }
    }

    [Test]
    public void ACrashOnABackgroundThreadIsNotChargedToTheTestItInterrupted()
    {
        var report = GradedSubmissions.Wrong("crashes-a-background-thread").Report;
        Assert.That(report.Tests.Where(test => test.Test.Task == "5.2"), Has.All.Property(nameof(GradedTest.Passed)).True);
        Assert.That(report.TeacherNotes, Has.Some.Contains("an unhandled exception on another thread").And.Contains("run again alone, it passed"));
    }

    [Test]
    public void NondeterminismIsToldToTheTeacherOnly()
    {
        var result = GradedSubmissions.Wrong("answers-depend-on-test-order");
        Assert.That(result.Report.TeacherNotes, Has.Some.StartsWith("nondeterminism: hidden test Chapter6HiddenTests.OtherSizes"));
        Assert.That(result.ResultsJson, Does.Not.Contain("nondeterminism").And.Not.Contain("OtherSizes"), "learners see neither the note nor the hidden test's name");
    }

    [Test]
    public void ExtraPublicDeclarationsAreRejectedWithAClearMessage()
    {
        var report = GradedSubmissions.Wrong("shadows-assert").Report;
        Assert.That(report.Notes, Has.Some.EqualTo("Chapter1.ScalarAutograd.cs: public type DeepLearning.Exercises.Assert is not part of the starter's public surface: rejected (compiled as internal, so no test can see it)"));
    }

    [Test]
    public void TheBuildCannotTakeTheGraderDown()
    {
        // Ten thousand nested parentheses compile on the worker's large stack; the exploding overloads stop at the CPU-time limit.
        Assert.That(GradedSubmissions.Wrong("deeply-nested-expression").Report.Notes.Where(note => note.Contains("graded as not implemented")), Is.Empty);
        var slow = GradedSubmissions.Wrong("slow-to-compile");
        Assert.That(slow.Report.Notes, Has.Some.Contains($"the compiler did not finish within {GradedSubmissions.Limits.CompileCpuSeconds} s of CPU time"));
        Assert.That(slow.Seconds, Is.LessThan(120), "the limit is CPU time, with a wall-clock backstop");
    }

    [Test]
    public void ACrashCostsOnlyTheTestThatCrashed()
    {
        // Three tests end their process; each gets a new one for the tests after it, and a run alone that confirms
        // the crash (visible: 3 + 2, hidden run 1: 2 + 1, hidden run 2 without the crashed test: 1); all the
        // other tests still pass.
        var report = GradedSubmissions.Wrong("calls-environment-exit").Report;
        Assert.That(report.HostStarts, Is.EqualTo(9));
        Assert.That(report.Tests.Count(test => test.Outcome.Failure == FailureKind.Crash), Is.EqualTo(3));
        Assert.That(report.Tests.Count(test => test.Passed), Is.EqualTo(report.Tests.Count - 3));
    }

    [Test]
    public void AFloodOfOutputIsTruncated()
    {
        var flooded = GradedSubmissions.Wrong("floods-output").Report.Tests.Where(test => test.Test.Task == "2.1" && !test.Test.Hidden).ToList();
        Assert.That(flooded, Is.Not.Empty);
        foreach (var test in flooded)
        {
            Assert.That(test.Outcome.Output, Does.Contain("[output truncated:"));
            Assert.That(test.Outcome.Output, Has.Length.LessThan(GradedSubmissions.Limits.OutputCharacters + 200));
        }
    }

    [Test]
    public void ACompileErrorIsExplainedInTheChaptersTests()
    {
        var report = GradedSubmissions.Wrong("compile-error-in-one-chapter").Report;
        var chapter8 = report.Tests.Where(test => test.Test.Chapter == "8" && !test.Test.Hidden).ToList();
        Assert.That(chapter8.Select(test => test.Feedback), Has.All.Contains("Chapter8.Attention.cs(").And.All.Contains("error CS0029"));
        Assert.That(report.Notes, Has.Some.Contains("chapter 8 was graded as not implemented"));
    }

    [Test]
    public void AnOldSubmissionLosesOnlyTheTaskAddedSinceAndIsToldWhichMemberIsMissing()
    {
        var report = GradedSubmissions.Wrong("lacks-a-newer-task").Report;
        var reference = GradedSubmissions.Reference.Report;
        var added = reference.TaskScores().Single(task => task.Task == "4.3");
        Assert.That(report.Score, Is.EqualTo(reference.MaxScore - added.MaxScore), "exactly task 4.3's points lost");
        Assert.That(report.TaskScores().Where(task => task.Task != "4.3").Select(task => task.Score), Is.EqualTo(report.TaskScores().Where(task => task.Task != "4.3").Select(task => task.MaxScore)));
        var message = "Failed: Layers.SgdTrainingStep is missing from your Chapter4.Layers.cs: task 4.3 scores 0";
        var tests = report.Tests.Where(test => test.Test.Task == "4.3").ToList();
        Assert.That(tests, Has.Some.Matches<GradedTest>(test => test.Test.Hidden), "hidden tests too");
        Assert.That(tests.Select(test => test.Feedback), Has.All.StartWith(message).And.All.Not.Contain("Hidden"), "the member, never a hidden test or its file");
    }

    [Test]
    public void ACallToTheEngineIsExplainedInEveryTestOfItsTask()
    {
        var report = GradedSubmissions.Wrong("delegates-to-the-engine").Report;
        var im2col = report.Tests.Where(test => test.Test.Task == "6.3").ToList();
        Assert.That(im2col, Has.Some.Matches<GradedTest>(test => test.Test.Hidden), "hidden tests too");
        Assert.That(im2col.Select(test => test.Feedback),
            Has.All.StartsWith("Failed: Task 6.3 asks you to write im2col yourself: the call to Tensor.Im2Col on line 88 is not allowed here"));
        Assert.That(report.Tests.Where(test => test.Test.Task == "6.4"), Has.All.Matches<GradedTest>(test => test.Passed), "6.4 may call im2col");
    }

    [Test]
    public void TheTestsOfAFailureExplainThemselves()
    {
        var report = GradedSubmissions.Wrong("sign-error-in-mul-backward").Report;
        var visible = report.Tests.First(test => test.Test.Task == "1.2" && !test.Test.Hidden);
        // The values, then their likely cause, which replaces the test's hint (it may be about another cause).
        Assert.That(visible.Feedback, Does.Contain("expected -2, got 2").And.Contain("Likely cause: your result is the negative of the expected one: a sign error")
            .And.Not.Contain("Hint: "));
        var exception = GradedSubmissions.Wrong("throws-exception").Report.Tests.First(test => test.Test.Task == "9.1" && !test.Test.Hidden);
        Assert.That(exception.Feedback, Does.Contain("IndexOutOfRangeException").And.Contain("in Chapter9.FastMatMul.cs:line "), "the learner's frame, with its line");
        Assert.That(exception.Feedback, Does.Match(@"^Failed: Task 9\.1 threw IndexOutOfRangeException in your FastMatMul\.MatMulIkj \(Chapter9\.FastMatMul\.cs, line \d+\): "),
            "the task, the exception and the learner's line first");
        var hidden = GradedSubmissions.Wrong("throws-exception").Report.Tests.First(test => test.Test.Task == "9.1" && test.Test.Hidden);
        Assert.That(hidden.Feedback, Does.Match(@"^Hidden test failed: threw IndexOutOfRangeException in your FastMatMul\.MatMulIkj \(Chapter9\.FastMatMul\.cs, line \d+\)\. Its details are not shown\."),
            "the kind and the learner's line, never the exception's message");
    }
}

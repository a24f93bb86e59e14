using DeepLearning.Grading.Batch;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// Batch grading side by side, with a stand-in for the grader: a submission that reached a time limit while another
/// grading ran beside it is graded again, alone, and keeps that grade; the others are graded once.
/// </summary>
public sealed class ClassGradingTests
{
    private static readonly Dictionary<string, string> s_titles = new() { ["1.1"] = "a task" };

    [Test]
    public void ASubmissionThatReachedATimeLimitBesideAnotherIsGradedAgainAlone()
    {
        var submissions = new[] { "a", "slow", "b", "c" }.Select(name => new ClassSubmission(name, name, [new Student(name)])).ToList();
        var calls = new List<(string Folder, int InFlight)>();
        var inFlight = 0;
        // The first four gradings run in pairs; "slow" times out whenever another grading runs beside it.
        using var pairs = new Barrier(2);
        GradeReport Grade(string folder)
        {
            var now = Interlocked.Increment(ref inFlight);
            int call;
            lock (calls)
            {
                calls.Add((folder, now));
                call = calls.Count;
            }
            if (call <= 4)
            {
                pairs.SignalAndWait(TimeSpan.FromSeconds(10));
            }
            var besideAnother = call <= 4 || Volatile.Read(ref inFlight) > 1;
            Interlocked.Decrement(ref inFlight);
            return SyntheticReports.Report(s_titles, folder == "slow" && besideAnother
                ? SyntheticReports.Test("Slow.Test", "1.1", hidden: false, 1, passed: false) with { Outcome = TestOutcome.Fail("Slow.Test", FailureKind.Timeout, "ran out of time") }
                : SyntheticReports.Test("Slow.Test", "1.1", hidden: false, 1, passed: true));
        }
        var reported = new List<string>();
        var again = -1;
        var results = new ClassGrading(Grade, parallel: 2).GradeAll(submissions, done =>
        {
            lock (reported)
            {
                reported.Add(done.Submission.Name);
            }
        }, count => again = count);

        Assert.That(results.Select(result => (result.Submission.Name, result.Report!.Score)), Is.EqualTo(new[] { ("a", 1.0), ("slow", 1.0), ("b", 1.0), ("c", 1.0) }));
        Assert.That(again, Is.EqualTo(1));
        Assert.That(calls.Skip(4), Is.EqualTo(new[] { ("slow", 1) }), "graded again once, alone");
        Assert.That(reported.Order(), Is.EqualTo(new[] { "a", "b", "c", "slow", "slow" }), "its results are written again");
    }

    [Test]
    public void TheOutcomesThatALoadedMachineCanDecideAreRecognised()
    {
        var timedOut = SyntheticReports.Test("T", "1.1", hidden: true, 1, passed: false) with { Outcome = TestOutcome.Fail("T", FailureKind.Timeout, "") };
        var notRun = SyntheticReports.Test("T", "1.1", hidden: true, 1, passed: false) with { Outcome = TestOutcome.Fail("T", FailureKind.NotRun, "") };
        var wrong = SyntheticReports.Test("T", "1.1", hidden: false, 1, passed: false);
        Assert.That(ClassGrading.ReachedATimeLimit(SyntheticReports.Report(s_titles, timedOut)), Is.True);
        Assert.That(ClassGrading.ReachedATimeLimit(SyntheticReports.Report(s_titles, notRun)), Is.True);
        Assert.That(ClassGrading.ReachedATimeLimit(SyntheticReports.Report(s_titles, wrong)), Is.False);
        var compile = SyntheticReports.Report(s_titles, wrong) with { Notes = [$"Chapter6.Convolution.cs: {CompileWorker.CpuLimitReached} 15 s of CPU time (...), so chapter 6 was graded as not implemented"] };
        Assert.That(ClassGrading.ReachedATimeLimit(compile), Is.True);
    }
}

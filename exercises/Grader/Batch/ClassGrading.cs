using System.Collections.Concurrent;
using System.Diagnostics;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Running;
using DeepLearning.Grading.Sandbox;

namespace DeepLearning.Grading.Batch;

/// <summary>A submission of a class after grading: its report, or why it could not be graded.</summary>
public sealed record GradedSubmission(ClassSubmission Submission, GradeReport? Report, string? Error, double Seconds);

/// <summary>
/// Grades the submissions of a class, several at a time, each exactly as <c>dlc-grade grade</c> does (the same
/// <see cref="Grader"/>: its own build, its own test hosts inside the OS boundary). One submission that cannot be
/// graded costs only its own row.
/// </summary>
/// <remarks>
/// Limits are CPU time so that a busy machine costs no test its time, but CPU time is not quite independent of what
/// runs beside it (caches, memory bandwidth, and whatever the virtual machine's host shares below its vCPUs):
/// measured on the 2-vCPU development machine, deeply-nested-expression's chapter 6, which compiles within its 15 s
/// alone, did not when graded two at a time. So a submission that reached a time limit is graded again at the end,
/// alone, and that grade is kept: the grade it gets from <c>grade</c>. Each grading mostly waits on its child processes, so it has a thread of its
/// own, not one of the thread pool, which the grading itself needs for its hosts.
/// </remarks>
public sealed class ClassGrading(Func<string, GradeReport> grade, int parallel)
{
    /// <summary>
    /// How many gradings may run side by side behind <paramref name="boundary"/>. Without namespaces, the test hosts of
    /// different submissions share <c>/tmp</c> and see each other's processes: a hidden host of one submission could
    /// leave what it finds there for a visible host of another, whose output that learner reads. So they take turns
    /// then, as the hosts of a single grading do.
    /// </summary>
    public static int Parallelism(int requested, OsBoundary boundary) =>
        boundary.Kind is BoundaryKind.Namespaces or BoundaryKind.UserNamespaces ? Math.Max(1, requested) : 1;

    /// <summary>
    /// Outcomes that the load of the machine can decide: a test stopped at its time limit or not run for want of
    /// time, a chapter whose build passed the compiler's CPU-time limit.
    /// </summary>
    public static bool ReachedATimeLimit(GradeReport report) =>
        report.Tests.Any(test => test.Outcome.Failure is FailureKind.Timeout or FailureKind.NotRun)
        || report.Notes.Any(note => note.Contains(CompileWorker.CpuLimitReached, StringComparison.Ordinal));

    /// <summary>
    /// Grades every submission; <paramref name="graded"/> is called as each ends, from the grading's thread, and
    /// again for each submission graded a second time alone (<paramref name="again"/> is told first how many).
    /// </summary>
    public IReadOnlyList<GradedSubmission> GradeAll(IReadOnlyList<ClassSubmission> submissions, Action<GradedSubmission> graded, Action<int>? again = null)
    {
        var results = new GradedSubmission[submissions.Count];
        var pending = new ConcurrentQueue<int>(Enumerable.Range(0, submissions.Count));
        var workers = Enumerable.Range(0, Math.Min(parallel, submissions.Count)).Select(_ => new Thread(() =>
        {
            while (pending.TryDequeue(out var index))
            {
                results[index] = GradeOne(submissions[index]);
                graded(results[index]);
            }
        })).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());
        if (parallel > 1)
        {
            var alone = Enumerable.Range(0, results.Length).Where(index => results[index].Report is { } report && ReachedATimeLimit(report)).ToList();
            again?.Invoke(alone.Count);
            foreach (var index in alone)
            {
                var single = GradeOne(submissions[index]);
                results[index] = single with { Seconds = results[index].Seconds + single.Seconds };
                graded(results[index]);
            }
        }
        return results;
    }

    private GradedSubmission GradeOne(ClassSubmission submission)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return new GradedSubmission(submission, grade(submission.Folder), null, clock.Elapsed.TotalSeconds);
        }
        catch (Exception exception)
        {
            // As `grade` does for Gradescope: the submission gets a zero and the reason, and the class goes on.
            return new GradedSubmission(submission, null, exception.Message, clock.Elapsed.TotalSeconds);
        }
    }
}

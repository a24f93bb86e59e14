using System.Collections.Concurrent;
using System.Diagnostics;
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
/// Each grading mostly waits on its child processes (the compile worker, the test hosts), so a thread of its own
/// a grading, not the thread pool, which the grading itself needs for its hosts.
/// </remarks>
public sealed class ClassGrading(Grader grader, int parallel)
{
    /// <summary>
    /// How many gradings may run side by side behind <paramref name="boundary"/>. Without namespaces, the test hosts of
    /// different submissions share <c>/tmp</c> and see each other's processes: a hidden host of one submission could
    /// leave what it finds there for a visible host of another, whose output that learner reads. So they take turns
    /// then, as the hosts of a single grading do.
    /// </summary>
    public static int Parallelism(int requested, OsBoundary boundary) =>
        boundary.Kind is BoundaryKind.Namespaces or BoundaryKind.UserNamespaces ? Math.Max(1, requested) : 1;

    /// <summary>Grades every submission; <paramref name="graded"/> is called as each ends, from the grading's thread.</summary>
    public IReadOnlyList<GradedSubmission> GradeAll(IReadOnlyList<ClassSubmission> submissions, Action<GradedSubmission> graded)
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
        return results;
    }

    private GradedSubmission GradeOne(ClassSubmission submission)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return new GradedSubmission(submission, grader.Grade(submission.Folder), null, clock.Elapsed.TotalSeconds);
        }
        catch (Exception exception)
        {
            // As `grade` does for Gradescope: the submission gets a zero and the reason, and the class goes on.
            return new GradedSubmission(submission, null, exception.Message, clock.Elapsed.TotalSeconds);
        }
    }
}

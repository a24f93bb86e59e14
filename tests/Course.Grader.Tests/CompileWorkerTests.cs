using DeepLearning.Grading.Building;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The compile worker serves every grading of the grader's process, whichever thread started it: it must not end
/// with that thread (Linux's parent-death signal follows the thread), as it did in the middle of another grading's
/// build when batch grading's first thread ran out of submissions.
/// </summary>
public sealed class CompileWorkerTests
{
    [Test]
    public void TheWorkerOutlivesTheThreadThatStartedIt()
    {
        var layout = GradedSubmissions.Layout;
        var starter = SubmissionBuilder.StarterFiles(layout).Values.ToList();
        var reference = CourseLayout.SourceFiles(layout.SolutionExercises).Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Full))).ToList();
        var work = Directory.CreateTempSubdirectory("dlc-grade-worker-").FullName;
        try
        {
            CompileWorker.Outcome Compile(IReadOnlyList<SourceFile> files) =>
                CompileWorker.Compile(new ExerciseCompilation.Request(files, starter, Path.Combine(work, $"{Guid.NewGuid():N}.dll")), work, cpuSeconds: 60);

            // A thread starts the worker with a small build, then ends while the worker is busy with a larger one.
            CompileWorker.Stop();
            using var firstDone = new ManualResetEventSlim();
            var first = new Thread(() =>
            {
                Compile(reference.Take(1).ToList());
                firstDone.Set();
                Thread.Sleep(200);
            });
            first.Start();
            firstDone.Wait();
            var outcome = Compile(reference);
            first.Join();

            Assert.That(outcome.Failure, Is.Null);
            Assert.That(outcome.Result, Is.Not.Null);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

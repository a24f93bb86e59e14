using DeepLearning.NotebookRunner;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// Runs every chapter top to bottom in the in-process runner, in fast mode, with the reference solutions in its
/// "your turn" cells: every cell, every chart and every check must succeed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InProcessNotebookTests
{
    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public async Task Chapter_runs_top_to_bottom(string path)
    {
        using var fastMode = new EnvironmentVariable("COURSE_MODE", "fast");
        var run = await NotebookExecution.RunAsync(CourseNotebook.Load(path));

        TestContext.Progress.WriteLine($"in process: {run.Notebook.Chapter} ran in {run.Elapsed.TotalSeconds:F1} s");
        Assert.That(run.Succeeded, Is.True, run.FailureMessage);
        Assert.That(run.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)), $"{run.Notebook.Chapter} must stay under two minutes in fast mode");
    }
}

using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// One task set: the tasks of the notebooks (a your-turn cell and its check each), of <c>exercises/README.md</c>'s
/// table and of the grader (the task comments of the exercises, and the tasks its report scores) are the same ids,
/// with the same titles.
/// </summary>
public sealed class TaskSetTests
{
    private static readonly CourseLayout s_layout = GradedSubmissions.Layout;

    [Test]
    public void NotebooksReadmeAndGraderHaveTheSameTasks()
    {
        var grader = TaskCatalog.Read(CourseLayout.SourceFiles(s_layout.SolutionExercises).Select(file => File.ReadAllText(file.Full)))
            .Keys.Order(TaskIdComparer.Instance).ToList();
        var scored = GradedSubmissions.Reference.Report.Tests.Select(test => test.Test.Task).Distinct().Order(TaskIdComparer.Instance).ToList();
        var readme = ReadmeTasks().Keys.ToList();
        var notebookCells = NotebookTasks(checks: false);
        var notebookChecks = NotebookTasks(checks: true);
        Assert.Multiple(() =>
        {
            Assert.That(scored, Is.EqualTo(grader), "the tasks the grader scores, against the exercises' task comments");
            Assert.That(readme, Is.EqualTo(grader), "exercises/README.md's task table, in order");
            Assert.That(notebookCells, Is.EqualTo(grader), "the notebooks' your-turn cells, in chapter order");
            Assert.That(notebookChecks, Is.EqualTo(grader), "the notebooks' check cells, in chapter order");
        });
    }

    [Test]
    public void TheReadmeShowsTheExercisesTitles()
    {
        var titles = TaskCatalog.Read(CourseLayout.SourceFiles(s_layout.SolutionExercises).Select(file => File.ReadAllText(file.Full)));
        foreach (var (id, title) in ReadmeTasks())
        {
            Assert.That(title, Is.EqualTo(titles.GetValueOrDefault(id)), $"the title of task {id} in exercises/README.md");
        }
    }

    // In a chapter's text the questions sit between the tasks, where they are asked (generation checks that each kind
    // follows its own order); the grader lists a chapter's tasks, then its questions.
    private static List<string> NotebookTasks(bool checks) =>
        NotebookGenerator.Chapters(s_layout)
            .SelectMany(path => (Generation.JupyterJson.Parse(File.ReadAllText(path), path)["cells"]?.AsArray() ?? [])
                .Select(cell => cell!.AsObject())
                .Select(cell => checks ? NotebookGenerator.CheckedTask(cell)?.Task : NotebookGenerator.TaskOfCell(cell))
                .OfType<string>()
                .Order(TaskIdComparer.Instance))
            .ToList();

    [Test]
    public void TheReadmesCountTheTasksAndQuestionsThereAre()
    {
        var ids = TaskCatalog.Read(CourseLayout.SourceFiles(s_layout.SolutionExercises).Select(file => File.ReadAllText(file.Full))).Keys.ToList();
        var expected = (ids.Count(id => !TaskCatalog.IsQuestion(id)), ids.Count(TaskCatalog.IsQuestion));
        foreach (var readme in new[] { Path.Combine(s_layout.Root, "README.md"), Path.Combine(s_layout.Root, "..", "README.md") })
        {
            Assert.That(Generation.ReadmeTasks.Counts(File.ReadAllText(readme)), Is.Not.Empty.And.All.EqualTo(expected), $"{Path.GetFullPath(readme)}: \"N tasks and M questions\"");
        }
    }

    /// <summary>The rows "| 3.1 | title | ..." (and "| 3.a | title | ...") of the README's task table, in order.</summary>
    private static Dictionary<string, string> ReadmeTasks() =>
        Generation.ReadmeTasks.Rows(File.ReadAllText(Path.Combine(s_layout.Root, "README.md"))).ToDictionary(row => row.Id, row => row.Title);
}

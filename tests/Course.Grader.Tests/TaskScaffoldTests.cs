using DeepLearning.Grading.Building;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// <c>dlc-grade new-task</c>, run on a copy of the course: the task it adds compiles in the solution and in both test
/// assemblies, every reader of the task set picks it up (the catalogue, the tests' categories, the notebooks, the
/// README's table and counts), and what generation would write is already written. A mistake writes nothing.
/// </summary>
public sealed class TaskScaffoldTests
{
    private DirectoryInfo _copy = null!;
    private CourseLayout _layout = null!;

    [SetUp]
    public void CopyTheCourse()
    {
        _copy = Directory.CreateTempSubdirectory("dlc-grade-new-task-");
        var repository = Path.GetFullPath(Path.Combine(GradedSubmissions.Layout.Root, ".."));
        foreach (var folder in new[] { "exercises/Solution", "exercises/Starter" })
        {
            foreach (var (relative, full) in CourseLayout.SourceFiles(Path.Combine(repository, folder), "*.*"))
            {
                Copy(full, Path.Combine(_copy.FullName, folder, relative));
            }
        }
        foreach (var file in Directory.GetFiles(Path.Combine(repository, "notebooks"), "*.ipynb").Append(Path.Combine(repository, "exercises", "README.md")).Append(Path.Combine(repository, "README.md")))
        {
            Copy(file, Path.Combine(_copy.FullName, Path.GetRelativePath(repository, file)));
        }
        _layout = new CourseLayout(Path.Combine(_copy.FullName, "exercises"));
    }

    [TearDown]
    public void RemoveTheCopy() => _copy.Delete(recursive: true);

    [Test]
    public void ANewTaskCompilesAndEveryReaderOfTheTaskSetFindsIt()
    {
        var before = SolutionTask.ReadAll(_layout).Count(task => !TaskCatalog.IsQuestion(task.Id));
        var next = NextId();
        var written = TaskScaffold.Write(_layout, Spec(next));
        Assert.That(written, Does.Contain("exercises/README.md").And.Contain("notebooks/05-optimisation-and-regularisation.ipynb"));

        var task = SolutionTask.ReadAll(_layout).Single(task => task.Id == next);
        Assert.That((task.Title, task.MethodName, task.FileName), Is.EqualTo(("the mean of a tensor's elements", "ElementMean", "Chapter5.Optimization.cs")));
        var tests = TestAssemblies.For(_layout);
        Assert.That(tests.VisibleTests.Where(test => test.Task == next).Select(test => test.Id), Is.EqualTo(new[] { $"Task{next.Replace('.', '_')}_ElementMean.RunsOnDefaultArguments" }));
        Assert.That(tests.HiddenTests.Where(test => test.Task == next).Select(test => test.Id), Is.EqualTo(new[] { "Chapter5HiddenTests.ElementMeanRunsOnDefaultArguments" }));
        Assert.That(StarterGenerator.Differences(_layout), Is.Empty, "the starter is regenerated");
        Assert.That(NotebookGenerator.Differences(_layout), Is.Empty, "the your-turn cell is generated");
        var readme = File.ReadAllText(Path.Combine(_layout.Root, "README.md"));
        Assert.That(ReadmeTasks.Rows(readme).Select(row => row.Id), Is.EqualTo(SolutionTask.ReadAll(_layout).Select(task => task.Id)), "the table, in task order");
        Assert.That(readme, Does.Contain($"| {next} | the mean of a tensor's elements | `Optimization.ElementMean` | `float ElementMean(Tensor values)` |"));
        var questions = SolutionTask.ReadAll(_layout).Count(task => TaskCatalog.IsQuestion(task.Id));
        Assert.That(ReadmeTasks.Counts(readme).Concat(ReadmeTasks.Counts(File.ReadAllText(Path.Combine(_copy.FullName, "README.md")))),
            Is.Not.Empty.And.All.EqualTo((before + 1, questions)));
    }

    [Test]
    public void TheIdIsTheChaptersNextByDefaultAndNeverOneThatIsTakenOrBeforeTheLast()
    {
        var last = SolutionTask.ReadAll(_layout).Where(task => task.Id.StartsWith("5.", StringComparison.Ordinal) && !TaskCatalog.IsQuestion(task.Id)).Last().Id;
        Assert.That(() => TaskScaffold.Write(_layout, Spec(last)), Throws.TypeOf<GraderException>().With.Message.Contains($"task {last} exists already"));
        Assert.That(() => TaskScaffold.Write(_layout, Spec("5.0")), Throws.TypeOf<GraderException>().With.Message.Contains($"a new task comes after the chapter's last, {last}"));
        Assert.That(() => TaskScaffold.Write(_layout, Spec("4.9")), Throws.TypeOf<GraderException>().With.Message.Contains("a task of chapter 5 is 5.K"));
    }

    [Test]
    public void ASignatureThatDoesNotCompileWritesNothing()
    {
        var exercise = Path.Combine(_layout.SolutionExercises, "Chapter5.Optimization.cs");
        var text = File.ReadAllText(exercise);
        Assert.That(() => TaskScaffold.Write(_layout, Spec(NextId()) with { Parameters = "Tensr values" }),
            Throws.TypeOf<GraderException>().With.Message.StartsWith("the new task does not compile, so nothing was written:").And.Message.Contains("Tensr"));
        Assert.That(() => TaskScaffold.Write(_layout, Spec(NextId()) with { Parameters = "ref Tensor values" }),
            Throws.TypeOf<GraderException>().With.Message.Contains("without ref, out, in or params"));
        Assert.That(File.ReadAllText(exercise), Is.EqualTo(text));
        Assert.That(StarterGenerator.Differences(_layout), Is.Empty);
    }

    // The id a new task of chapter 5 gets by default: the one after the chapter's last task, whichever that is now.
    private string NextId()
    {
        var last = SolutionTask.ReadAll(_layout).Where(task => task.Id.StartsWith("5.", StringComparison.Ordinal) && !TaskCatalog.IsQuestion(task.Id)).Last().Id;
        return $"5.{int.Parse(last[2..], System.Globalization.CultureInfo.InvariantCulture) + 1}";
    }

    private static TaskScaffold.Spec Spec(string id) =>
        new(5, id, "ElementMean", "the mean of a tensor's elements", "float", "Tensor values", "The mean of the elements of values.", []);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}

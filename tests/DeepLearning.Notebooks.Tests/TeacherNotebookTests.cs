using System.Diagnostics;
using DeepLearning.Grading;
using DeepLearning.Grading.Generation;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// Executes the teacher's notebooks (every chapter with its reference solutions, as <c>dlc-grade notebooks --teacher</c>
/// writes them) top to bottom with the course's in-process runner, all chapters in one process, each in a fresh
/// .NET Interactive C# kernel: every cell runs, every check passes with the reference solution, and no cell shows a
/// warning or anything else on stderr. The learner's copy runs the same way in <see cref="ReleaseTests"/>; the
/// teacher's chapters also run through Jupyter's nbconvert, on request (<see cref="JupyterNotebookTests"/>).
/// </summary>
/// <remarks>
/// In one process because a kernel's start-up (the Jupyter server's, the .NET kernel's, the course kit's first load)
/// cost about 6 CPU-seconds a chapter through nbconvert, a minute and a quarter in all: the test command's budget.
/// </remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TeacherNotebookTests
{
    private static readonly string s_runner = Path.Combine(AppContext.BaseDirectory, "notebook-runner.dll");

    private string _scratch = "";
    private ProcessResult? _run;

    [OneTimeSetUp]
    public void WriteAndRunTheTeachersNotebooks()
    {
        _scratch = Directory.CreateTempSubdirectory("teacher-notebooks-").FullName;
        var teacher = Path.Combine(_scratch, "teacher");
        NotebookGenerator.WriteTeacher(CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises")), teacher);
        var chapters = CourseFolders.Chapters().Select(chapter => Path.Combine(teacher, Path.GetFileName(chapter)));
        var clock = Stopwatch.StartNew();
        _run = ChildProcess.Run("dotnet", [s_runner, .. chapters, "--out", Path.Combine(_scratch, "executed")], TimeSpan.FromMinutes(15),
            workingDirectory: teacher, environment: ChapterRunEnvironment.FastModeOnOneCore);
        TestContext.Progress.WriteLine($"teacher's chapters ran in process in {clock.Elapsed.TotalSeconds:F1} s\n{_run.Output.Trim()}");
    }

    [OneTimeTearDown]
    public void RemoveExecutedCopies()
    {
        if (_scratch.Length > 0)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Teachers_chapter_runs_to_the_end_with_every_check_passing(string path)
    {
        var chapter = Path.GetFileNameWithoutExtension(path);
        var executedPath = Path.Combine(_scratch, "executed", chapter + ".ipynb");
        Assert.That(File.Exists(executedPath), Is.True, $"{chapter} was not run:\n{ChildProcess.Tail(_run!.Output + _run.Error)}");
        ExecutedChapter.Load(executedPath).AssertEveryCheckPasses(ChildProcess.Tail(_run!.Error));
    }
}

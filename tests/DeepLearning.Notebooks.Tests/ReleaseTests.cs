using System.Diagnostics;
using System.Text.RegularExpressions;
using DeepLearning.Grading;
using DeepLearning.Grading.Generation;
using DeepLearning.Grading.Packaging;
using DeepLearning.Grading.Running;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// The learner's copy, end to end, as a learner gets it from <c>dlc-grade release</c>: it holds no solution, hidden
/// test or wrong submission; it builds on its own and its visible tests run with <c>dotnet test</c>; its chapters, the
/// learner's notebooks, run in process to the end with every check saying "not done yet" and no warning or stderr
/// output; and its starter grades to 0.
/// </summary>
/// <remarks>
/// This is where the learner's notebooks run (the teacher's run in <see cref="JupyterNotebookTests"/>): once, in one
/// runner process for all chapters, against the kit the release built for itself. A separate process, because this
/// test process may already hold the repository's copy of the same assemblies.
/// </remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed partial class ReleaseTests
{
    private static readonly string s_runner = Path.Combine(AppContext.BaseDirectory, "notebook-runner.dll");
    private static readonly CourseLayout s_layout = CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises"));

    private string _scratch = "";
    private string _release = "";
    private IReadOnlyList<string> _files = [];
    private ProcessResult? _build;
    private ProcessResult? _run;
    private GradeReport? _starterGrade;

    [OneTimeSetUp]
    public void ReleaseBuildRunAndGrade()
    {
        _scratch = Directory.CreateTempSubdirectory("dlc-release-").FullName;
        _release = Path.Combine(_scratch, "release");
        var clock = Stopwatch.StartNew();
        _files = StudentRelease.Write(s_layout, _release);
        _build = ChildProcess.Run("dotnet", ["build", "notebooks/Kit", "-c", "Release", "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(10), workingDirectory: _release);
        TestContext.Progress.WriteLine($"release: written and built in {clock.Elapsed.TotalSeconds:F1} s");
        if (_build.ExitCode != 0)
        {
            return;
        }
        clock.Restart();
        var chapters = Directory.GetFiles(Path.Combine(_release, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal);
        _run = ChildProcess.Run("dotnet", [s_runner, .. chapters, "--out", Path.Combine(_scratch, "executed")], TimeSpan.FromMinutes(15),
            workingDirectory: _release, environment: ChapterRunEnvironment.FastModeOnOneCore);
        TestContext.Progress.WriteLine($"release: its chapters ran in process in {clock.Elapsed.TotalSeconds:F1} s\n{_run.Output.Trim()}");
        clock.Restart();
        _starterGrade = new Grader(s_layout, new RunLimits()).Grade(Path.Combine(_release, "exercises", "Starter", "Exercises"));
        TestContext.Progress.WriteLine($"release: its starter graded in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public void RemoveTheRelease()
    {
        if (_scratch.Length > 0)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Test]
    public void Holds_no_solution_no_hidden_test_and_no_wrong_submission()
    {
        var texts = _files.Where(StudentRelease.IsText).ToDictionary(file => file, file => File.ReadAllText(Path.Combine(_release, file)));
        Assert.Multiple(() =>
        {
            Assert.That(SolutionLeaks.Find(s_layout, texts), Is.Empty, "solutions in the release");
            Assert.That(_files.Where(file => file.Contains("Solution/") || file.Contains("Hidden") || file.Contains("WrongSubmissions") || file.Contains("Mistakes") || file.StartsWith("tests/")),
                Is.Empty, "files only the teacher has");
            Assert.That(texts.Where(file => HiddenFixture().IsMatch(file.Value)).Select(file => file.Key), Is.Empty, "hidden test fixtures named in the release");
            Assert.That(_files.Where(file => file.StartsWith("exercises/") && !file.StartsWith("exercises/Starter/")), Is.Empty, "exercises other than the starter");
        });
    }

    [Test]
    public void Holds_the_learners_notebooks_starter_and_set_up()
    {
        foreach (var chapter in CourseFolders.Chapters())
        {
            Assert.That(File.ReadAllText(Path.Combine(_release, "notebooks", Path.GetFileName(chapter))), Is.EqualTo(File.ReadAllText(chapter)),
                $"the release's {Path.GetFileName(chapter)} is the learner's notebook of notebooks/");
        }
        Assert.That(_files, Does.Contain("README.md").And.Contain("notebooks/setup.sh").And.Contain("notebooks/setup.csx")
            .And.Contain("exercises/Starter/Exercises/Chapter3.TensorGradients.cs").And.Contain("engine/DeepLearning.Engine.csproj"));
    }

    [Test]
    public void Builds_on_its_own() =>
        Assert.That(_build!.ExitCode, Is.Zero, $"dotnet build notebooks/Kit in the release:\n{ChildProcess.Tail(_build.Output + _build.Error)}");

    [Test]
    public void Its_visible_tests_run_with_dotnet_test()
    {
        Assert.That(_build!.ExitCode, Is.Zero, "the release did not build");
        // The command the learner's README gives, on one task: the starter's stub is not done, so its tests run and fail.
        var run = ChildProcess.Run("dotnet", ["test", "exercises/Starter/Tests", "-c", "Release", "-nologo", "--filter", "Category=task:0.1"],
            TimeSpan.FromMinutes(5), workingDirectory: _release);
        Assert.That(run.Output, Does.Match(@"Failed! +- Failed: +[1-9]\d*, Passed: +0,"), $"dotnet test exercises/Starter/Tests in the release:\n{ChildProcess.Tail(run.Output + run.Error)}");
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Learners_chapter_runs_to_the_end_with_every_check_not_done(string path)
    {
        Assert.That(_run, Is.Not.Null, "the release did not build, so its chapters did not run");
        var chapter = Path.GetFileNameWithoutExtension(path);
        var executed = ExecutedChapter.Load(Path.Combine(_scratch, "executed", chapter + ".ipynb"));
        var tasks = Regex.Matches(File.ReadAllText(path), "\"id\": \"task-(\\d+)-(\\d+|[a-z])\"").Select(match => $"{match.Groups[1].Value}.{match.Groups[2].Value}").ToList();
        Assert.That(executed.Problems, Is.Empty, $"{chapter}: what the learner would see besides the outputs:\n{ChildProcess.Tail(_run!.Error)}");
        Assert.That(executed.Checks.Select(check => check.Task), Is.EqualTo(tasks), "a check after every your-turn cell, all of them run");
        foreach (var (task, cell) in executed.Checks)
        {
            var (kind, notDone) = (TaskCatalog.Kind(task), TaskCatalog.IsQuestion(task) ? "is not answered yet" : "is not done yet");
            Assert.That(cell.Stdout, Does.StartWith($"{kind} {task} (").And.Contain(notDone), $"the check of task {task} in the learner's copy");
            Assert.That(cell.Stdout.TrimEnd('\n'), Does.Not.Contain("\n"), $"the check of task {task} says so in one line");
        }
    }

    [Test]
    public void Its_starter_grades_to_zero()
    {
        Assert.That(_starterGrade, Is.Not.Null, "the release did not build, so its starter was not graded");
        Assert.That(_starterGrade!.Score, Is.Zero);
        Assert.That(_starterGrade.MaxScore, Is.GreaterThan(0));
        Assert.That(_starterGrade.Notes.Where(note => note.Contains("did not compile") || note.Contains("not in the submission")), Is.Empty, "every chapter's file is there and compiles");
    }

    [GeneratedRegex(@"\bChapter\d+HiddenTests\b")]
    private static partial Regex HiddenFixture();
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepLearning.Grading;
using DeepLearning.Grading.Generation;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// Executes the teacher's notebooks (every chapter with its reference solutions, as <c>dlc-grade notebooks --teacher</c>
/// writes them) through Jupyter, as a learner's <c>jupyter nbconvert --execute</c> would, with the .NET kernel that
/// notebooks/setup-jupyter.sh registers: every cell runs, every check passes, and no cell shows a warning or anything
/// else on stderr. (The learner's copy runs in process, in <see cref="ReleaseTests"/>.) Fails with a clear message
/// when Jupyter is not set up.
/// </summary>
/// <remarks>
/// On request: <c>dotnet test tests/DeepLearning.Notebooks.Tests -c Release --filter TestCategory=jupyter</c>. The test
/// command runs the same notebooks in process (<see cref="TeacherNotebookTests"/>), which spares a kernel start-up a
/// chapter.
/// </remarks>
[TestFixture]
[Explicit("the teacher's chapters through Jupyter, on request: the test command runs them in process (TeacherNotebookTests)")]
[Category("jupyter")]
[Parallelizable(ParallelScope.All)]
public sealed class JupyterNotebookTests
{
    private const string KernelName = ".net-csharp";
    private const string SetUpHint = "run notebooks/setup-jupyter.sh (README's set-up does), which installs Jupyter and registers the .NET kernel";

    private string _teacherFolder = "";
    private string _outputFolder = "";

    [OneTimeSetUp]
    public void RequireJupyterAndWriteTheTeachersNotebooks()
    {
        ProcessResult kernels;
        try
        {
            kernels = ChildProcess.Run("jupyter", ["kernelspec", "list", "--json"], TimeSpan.FromMinutes(1));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"Jupyter is not installed: {SetUpHint}.");
            return;
        }
        Assert.That(kernels.ExitCode, Is.Zero, $"`jupyter kernelspec list` failed ({SetUpHint}):\n{kernels.Error}");
        var spec = JsonNode.Parse(kernels.Output)?["kernelspecs"]?[KernelName]?["spec"];
        Assert.That(spec, Is.Not.Null, $"Jupyter has no '{KernelName}' kernel: {SetUpHint}.");
        var argv = spec!["argv"]!.AsArray().Select(argument => (string?)argument).ToArray();
        Assert.That(argv, Does.Contain("--http-local-only"), $"the '{KernelName}' kernel is not bound to localhost: {SetUpHint}.");
        var scratch = Directory.CreateTempSubdirectory("jupyter-notebooks-").FullName;
        (_teacherFolder, _outputFolder) = (Path.Combine(scratch, "teacher"), Path.Combine(scratch, "executed"));
        NotebookGenerator.WriteTeacher(CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises")), _teacherFolder);
    }

    [OneTimeTearDown]
    public void RemoveExecutedCopies()
    {
        if (_teacherFolder.Length > 0)
        {
            Directory.Delete(Path.GetDirectoryName(_teacherFolder)!, recursive: true);
        }
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Teachers_chapter_executes_in_jupyter_with_every_check_passing(string path)
    {
        var chapter = Path.GetFileNameWithoutExtension(path);
        var clock = Stopwatch.StartNew();
        // --allow-errors: the executed copy then records where a cell failed, which the message below reports.
        var result = ChildProcess.Run("jupyter",
            ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", $"--ExecutePreprocessor.kernel_name={KernelName}",
             "--ExecutePreprocessor.timeout=600", "--output-dir", _outputFolder, Path.Combine(_teacherFolder, chapter + ".ipynb")],
            TimeSpan.FromMinutes(5), environment: ChapterRunEnvironment.FastMode);
        TestContext.Progress.WriteLine($"jupyter: {chapter} (teacher's) ran in {clock.Elapsed.TotalSeconds:F1} s");

        Assert.That(result.ExitCode, Is.Zero, $"chapter {chapter}: jupyter nbconvert failed:\n{ChildProcess.Tail(result.Error)}");
        ExecutedChapter.Load(Path.Combine(_outputFolder, chapter + ".ipynb")).AssertEveryCheckPasses();
    }
}

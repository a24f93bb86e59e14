using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// Executes every chapter through Jupyter, as a learner's `jupyter nbconvert --execute` would, with the .NET
/// kernel that scripts/setup-jupyter.sh registers. Fails with a clear message when Jupyter is not set up.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class JupyterNotebookTests
{
    private const string KernelName = ".net-csharp";
    private const string SetUpHint = "run scripts/setup-jupyter.sh (README's set-up does), which installs Jupyter and registers the .NET kernel";

    private string _outputFolder = "";

    [OneTimeSetUp]
    public void RequireJupyterWithTheDotNetKernel()
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
        _outputFolder = Directory.CreateTempSubdirectory("jupyter-notebooks-").FullName;
    }

    [OneTimeTearDown]
    public void RemoveExecutedCopies()
    {
        if (Directory.Exists(_outputFolder))
        {
            Directory.Delete(_outputFolder, recursive: true);
        }
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Chapter_executes_in_jupyter(string path)
    {
        var chapter = Path.GetFileNameWithoutExtension(path);
        var clock = Stopwatch.StartNew();
        // --allow-errors: the executed copy then records where a cell failed, which the message below reports.
        var result = ChildProcess.Run("jupyter",
            ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", $"--ExecutePreprocessor.kernel_name={KernelName}",
             "--ExecutePreprocessor.timeout=600", "--output-dir", _outputFolder, path],
            TimeSpan.FromMinutes(5), environment: new Dictionary<string, string> { ["COURSE_MODE"] = "fast" });
        TestContext.Progress.WriteLine($"jupyter: {chapter} ran in {clock.Elapsed.TotalSeconds:F1} s");

        Assert.That(result.ExitCode, Is.Zero, $"chapter {chapter}: jupyter nbconvert failed:\n{ChildProcess.Tail(result.Error)}");
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(_outputFolder, chapter + ".ipynb")))!;
        var cells = executed["cells"]!.AsArray();
        for (var i = 0; i < cells.Count; i++)
        {
            var error = cells[i]!["outputs"]?.AsArray().FirstOrDefault(output => (string?)output!["output_type"] == "error");
            if (error is not null)
            {
                Assert.Fail($"chapter {chapter}, cell {i + 1} (id '{cells[i]!["id"]}'): {error["ename"]}: {error["evalue"]}");
            }
        }
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)), $"{chapter} must stay under two minutes in fast mode");
    }
}

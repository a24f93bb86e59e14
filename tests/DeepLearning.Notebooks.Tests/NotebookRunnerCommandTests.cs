using System.Text.Json.Nodes;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>The `notebook-runner` command writes an executed copy and an HTML page, for a learner without Jupyter.</summary>
[TestFixture]
[NonParallelizable]
public sealed class NotebookRunnerCommandTests
{
    private static readonly string s_runner = Path.Combine(AppContext.BaseDirectory, "notebook-runner.dll");

    [Test]
    public void Run_writes_the_executed_notebook_and_an_offline_html_page()
    {
        var output = Directory.CreateTempSubdirectory("notebook-runner-").FullName;
        try
        {
            var chapter = Path.Combine(CourseFolders.Notebooks, "00-start-here.ipynb");
            var result = ChildProcess.Run("dotnet", [s_runner, chapter, "--out", output], TimeSpan.FromMinutes(3));

            Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
            var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "00-start-here.ipynb")))!;
            var codeCells = CodeCells(executed);
            Assert.That(codeCells.Select(cell => cell["execution_count"]), Is.All.Not.Null, "every code cell ran");
            Assert.That(codeCells.Select(cell => (string?)cell["id"]),
                Is.EqualTo(CodeCells(JsonNode.Parse(File.ReadAllText(chapter))!).Select(cell => (string?)cell["id"])), "cell ids are kept");
            var html = File.ReadAllText(Path.Combine(output, "00-start-here.html"));
            Assert.That(html, Does.Contain("Plotly.newPlot").And.Contain("plotly.js v2.28.0").And.Contain("Task 0.1 (the mean of an array) is not done yet"),
                "the page carries its charts, plotly.js itself and the check results (of the learner's copy: not done)");
            var charts = codeCells.SelectMany(cell => cell["outputs"]!.AsArray())
                .Select(cellOutput => (string?)cellOutput!["data"]?["text/html"])
                .Where(markup => markup is not null && markup.Contains("<div id=\"chart-", StringComparison.Ordinal))
                .ToList();
            Assert.That(charts, Is.Not.Empty.And.All.Not.Contain("http"),
                "every chart is drawn by the kit's formatter with the plotly.js of the set-up cell, no script from the web");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Test]
    public void Version_names_the_builds_version_and_commit()
    {
        var result = ChildProcess.Run("dotnet", [s_runner, "--version"], TimeSpan.FromMinutes(1));
        Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
        // "1.0.0+COMMIT" from the SDK in a git checkout; "1.0.0+unknown" outside one.
        Assert.That(result.Output.Trim(), Does.Match(@"^\d+\.\d+\.\d+\+([0-9a-f]{40}|unknown)$"));
    }

    private static List<JsonObject> CodeCells(JsonNode notebook) =>
        notebook["cells"]!.AsArray().Select(cell => cell!.AsObject()).Where(cell => (string?)cell["cell_type"] == "code").ToList();

    [Test]
    public void Warnings_and_infos_show_under_their_cell_as_jupyter_shows_them()
    {
        // A warning (a nullable annotation outside a nullable context), and an info (CS9236: Average's overloads inside
        // Sum's, inside a local function), as chapter 6 once had: Jupyter shows both in red under the cell.
        RunScratchNotebook("zz-diagnostics-for-test", """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
              {"cell_type": "code", "id": "warning", "metadata": {}, "execution_count": null, "outputs": [], "source": "string? maybe = null;\nConsole.WriteLine(maybe ?? \"none\");"},
              {"cell_type": "code", "id": "info", "metadata": {}, "execution_count": null, "outputs": [], "source": "double Spread(float[] xy)\n{\n    var between = Enumerable.Range(0, 2).Sum(c =>\n    {\n        var members = Enumerable.Range(0, 2).Where(i => i % 2 == c).ToArray();\n        var (mx, my) = (members.Average(i => xy[2 * i]), members.Average(i => xy[2 * i + 1]));\n        return members.Length * (mx * mx + my * my);\n    });\n    return between / xy.Sum(v => (double)v * v);\n}\nConsole.WriteLine(Spread(new float[] { 1, 2, 3, 4 }));"}]}
            """, (result, executed) =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
            var cells = CodeCells(JsonNode.Parse(File.ReadAllText(executed))!);
            string Stderr(JsonObject cell) => string.Concat(cell["outputs"]!.AsArray()
                .Where(cellOutput => (string?)cellOutput!["name"] == "stderr").Select(cellOutput => (string?)cellOutput!["text"]));
            Assert.That(Stderr(cells[0]), Does.StartWith("(1,7): warning CS8632:"));
            Assert.That(Stderr(cells[1]), Does.StartWith("(6,43): info CS9236:"));
        });
    }

    [Test]
    public void A_failing_notebook_exits_non_zero_naming_chapter_cell_and_error()
    {
        RunScratchNotebook("zz-broken-for-test", """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
              {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# broken"},
              {"cell_type": "code", "id": "fine", "metadata": {}, "execution_count": null, "outputs": [], "source": "var a = 1;"},
              {"cell_type": "code", "id": "bad", "metadata": {}, "execution_count": null, "outputs": [], "source": "throw new InvalidOperationException(\"boom\");"}]}
            """, (result, _) =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Error, Does.Contain("chapter zz-broken-for-test, cell 3 (id 'bad'): System.InvalidOperationException: boom"));
        });
    }

    /// <summary>
    /// Writes <paramref name="json"/> as NAME.ipynb in a fresh folder (outside notebooks/, so that no other test takes it
    /// for a chapter; it needs no set-up), runs the runner on it into that folder, and hands <paramref name="check"/> the
    /// result and the executed copy's path.
    /// </summary>
    private static void RunScratchNotebook(string name, string json, Action<ProcessResult, string> check)
    {
        var folder = Directory.CreateTempSubdirectory("notebook-runner-").FullName;
        try
        {
            var notebook = Path.Combine(folder, name + ".ipynb");
            File.WriteAllText(notebook, json);
            var result = ChildProcess.Run("dotnet", [s_runner, notebook, "--out", folder], TimeSpan.FromMinutes(2));
            check(result, notebook);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeepLearning.Grading;
using DeepLearning.Grading.Generation;
using DeepLearning.NotebookRunner;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// The format every chapter keeps, so that it opens and runs alike in Jupyter, VS Code and the runner:
/// nbformat 4.5 with an id on every cell, the .NET C# kernelspec and the polyglot_notebook metadata that VS Code
/// writes, no stored outputs (the policy: outputs are made by running, never committed), one way to reach the
/// engine: a first code cell that loads setup.csx, and the learner's copy: a stub in every your-turn cell.
/// </summary>
[TestFixture]
public sealed partial class NotebookHygieneTests
{
    private const string SetUpLine = "#load \"setup.csx\"";

    [Test]
    public void There_are_chapters_named_NN_name() =>
        Assert.That(CourseFolders.Chapters().Select(Path.GetFileName), Is.Not.Empty.And.All.Match(ChapterFileName()));

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Chapter_is_nbformat_4_5_with_a_unique_id_on_every_cell(string path)
    {
        var json = Json(path);
        Assert.That(((int?)json["nbformat"], (int?)json["nbformat_minor"]), Is.EqualTo(((int?)4, (int?)5)), "nbformat 4.5 (the version with cell ids)");
        var ids = Cells(json).Select(cell => (string?)cell["id"]).ToList();
        Assert.That(ids, Is.All.Not.Null.And.All.Match(CellId()), "every cell has an id of 1 to 64 letters, digits, '-' or '_'");
        Assert.That(ids, Is.Unique);
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Chapter_uses_the_dotnet_csharp_kernel_with_vs_code_metadata(string path)
    {
        var metadata = Json(path)["metadata"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)metadata["kernelspec"]?["name"], Is.EqualTo(".net-csharp"), "kernelspec, for Jupyter");
            Assert.That((string?)metadata["kernelspec"]?["language"], Is.EqualTo("C#"));
            Assert.That((string?)metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"], Is.EqualTo("csharp"), "polyglot_notebook.kernelInfo, for VS Code");
            foreach (var cell in Cells(Json(path)).Where(cell => (string?)cell["cell_type"] == "code"))
            {
                Assert.That((string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"], Is.EqualTo("csharp"), $"cell '{cell["id"]}': polyglot_notebook.kernelName");
            }
        });
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Chapter_is_committed_without_outputs(string path)
    {
        foreach (var cell in Cells(Json(path)).Where(cell => (string?)cell["cell_type"] == "code"))
        {
            Assert.That(cell["outputs"]?.AsArray(), Is.Empty, $"cell '{cell["id"]}' has stored outputs: clear them before committing");
            Assert.That(cell["execution_count"], Is.Null, $"cell '{cell["id"]}' has an execution count: clear outputs before committing");
        }
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Chapter_reaches_the_engine_only_through_setup_csx(string path)
    {
        var code = CourseNotebook.Load(path).Cells.Where(cell => cell.IsCode).ToList();
        Assert.That(code, Is.Not.Empty);
        Assert.That(code[0].Source.Split('\n')[0].Trim(), Is.EqualTo(SetUpLine), "the first code cell starts with the shared set-up");
        foreach (var cell in code.Skip(1))
        {
            Assert.That(cell.Source, Does.Not.Match("^\\s*#(r|load|i)\\s").IgnoreCase,
                $"cell {cell.Number} (id '{cell.Id}') references assemblies or files itself; the engine is reached through setup.csx only");
        }
    }

    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public void Chapter_is_the_learners_copy_without_a_solution(string path)
    {
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Not.Contain("BEGIN SOLUTION").And.Not.Contain("END SOLUTION"), "notebooks/ holds the learner's copy: the teacher's is written by dlc-grade notebooks --teacher");
        var layout = CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises"));
        Assert.That(SolutionLeaks.Find(layout, new Dictionary<string, string> { [Path.GetFileName(path)] = text }), Is.Empty);
    }

    [Test]
    public void Chapters_match_the_exercises()
    {
        // Generation checks the task set: every task of exercises/ has one your-turn cell in its chapter, in order,
        // followed by its check; it throws naming each mismatch.
        var layout = CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises"));
        Assert.That(NotebookGenerator.Generate(layout, NotebookGenerator.Copy.Learner).Keys,
            Is.EqualTo(CourseFolders.Chapters().Select(Path.GetFileName)));
    }

    [Test]
    public void Setup_references_the_engine_and_kit_from_lib()
    {
        var setup = File.ReadAllText(Path.Combine(CourseFolders.Notebooks, "setup.csx"));
        Assert.That(setup, Does.Contain("#r \"lib/DeepLearning.Engine.dll\"").And.Contain("#r \"lib/DeepLearning.Notebooks.Kit.dll\""));
        foreach (var reference in SetupReference().Matches(setup).Select(match => match.Groups["file"].Value))
        {
            Assert.That(File.Exists(Path.Combine(CourseFolders.Notebooks, reference)), Is.True,
                $"setup.csx references {reference}, which the build did not produce (dotnet build notebooks/Kit)");
        }
    }

    private static JsonObject Json(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static IEnumerable<JsonObject> Cells(JsonObject notebook) => notebook["cells"]!.AsArray().Select(cell => cell!.AsObject());

    [GeneratedRegex("^[0-9]{2}-[a-z0-9-]+\\.ipynb$")]
    private static partial Regex ChapterFileName();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex CellId();

    [GeneratedRegex("^#r \"(?<file>lib/[^\"]+)\"", RegexOptions.Multiline)]
    private static partial Regex SetupReference();
}

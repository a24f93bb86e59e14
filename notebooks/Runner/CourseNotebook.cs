using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace DeepLearning.NotebookRunner;

/// <summary>One cell of a notebook: its position (1-based, counting every cell, as Jupyter shows them), id, kind and source.</summary>
public sealed record NotebookCell(int Number, string Id, string KernelName, string Source)
{
    public bool IsCode => KernelName is not ("markdown" or "raw");
}

/// <summary>
/// A .ipynb file: its cells as .NET Interactive's document reader sees them, and its JSON, kept whole so that an
/// executed copy can be written with every id and metadata field unchanged.
/// </summary>
public sealed class CourseNotebook
{
    private CourseNotebook(string path, JsonObject json, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        Json = json;
        Cells = cells;
    }

    public string Path { get; }

    /// <summary>The chapter's name: the file name without extension, e.g. <c>01-derivatives-and-autograd</c>.</summary>
    public string Chapter => System.IO.Path.GetFileNameWithoutExtension(Path);

    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    public JsonObject Json { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    public static CourseNotebook Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        return FromJson(fullPath, File.ReadAllText(fullPath));
    }

    /// <summary>A notebook from its JSON text; <paramref name="path"/> says where it belongs (its folder is the kernel's working directory).</summary>
    public static CourseNotebook FromJson(string path, string text)
    {
        var json = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object");
        var kernels = new KernelInfoCollection { new KernelInfo("csharp", "C#", ["c#", "C#"]) };
        kernels.DefaultKernelName = "csharp";
        var document = Notebook.Parse(text, kernels);
        var jsonCells = json["cells"]?.AsArray() ?? throw new InvalidDataException($"{path}: no cells");
        if (document.Elements.Count != jsonCells.Count)
        {
            throw new InvalidDataException($"{path}: the document reader found {document.Elements.Count} cells, the JSON has {jsonCells.Count}");
        }
        var cells = document.Elements
            .Select((element, i) => new NotebookCell(i + 1, (string?)jsonCells[i]?["id"] ?? "", element.KernelName ?? "csharp", element.Contents))
            .ToList();
        return new CourseNotebook(System.IO.Path.GetFullPath(path), json, cells);
    }

    /// <summary>A cell's source as one string: nbformat allows a string or a list of lines.</summary>
    public static string SourceText(JsonObject cell) => Text(cell["source"]);

    /// <summary>A multi-line string of nbformat (a cell's source, an output's text or data): a string or a list of lines.</summary>
    public static string Text(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(line => (string?)line)),
        JsonNode value => (string?)value ?? "",
        null => "",
    };
}

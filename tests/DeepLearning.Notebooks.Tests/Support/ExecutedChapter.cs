using System.Text.Json.Nodes;

namespace DeepLearning.Notebooks.Tests.Support;

/// <summary>
/// An executed notebook as Jupyter or the runner wrote it: per code cell, its id, what it printed on each stream and
/// its error. The learner sees these outputs, so the tests read them: checks that say what they should, no error, and
/// nothing on stderr (the kernel shows a cell's compiler warnings there).
/// </summary>
public sealed record ExecutedChapter(string Chapter, IReadOnlyList<ExecutedChapter.Cell> Cells)
{
    public sealed record Cell(string Id, string Stdout, string Stderr, string? Error);

    public static ExecutedChapter Load(string path)
    {
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Select(cell => cell!.AsObject())
            .Where(cell => (string?)cell["cell_type"] == "code")
            .Select(cell =>
            {
                var outputs = cell["outputs"]?.AsArray().Select(output => output!.AsObject()).ToList() ?? [];
                string Stream(string name) => string.Concat(outputs.Where(output => (string?)output["output_type"] == "stream" && (string?)output["name"] == name).Select(output => Text(output["text"])));
                var error = outputs.FirstOrDefault(output => (string?)output["output_type"] == "error");
                return new Cell((string?)cell["id"] ?? "", Stream("stdout"), Stream("stderr"), error is null ? null : $"{error["ename"]}: {error["evalue"]}");
            })
            .ToList();
        return new ExecutedChapter(Path.GetFileNameWithoutExtension(path), cells);
    }

    /// <summary>The check cells (ids check-X-Y), with their task.</summary>
    public IEnumerable<(string Task, Cell Cell)> Checks =>
        Cells.Where(cell => cell.Id.StartsWith("check-", StringComparison.Ordinal)).Select(cell => (cell.Id["check-".Length..].Replace('-', '.'), cell));

    /// <summary>Every problem a learner would see: an error, or anything on stderr.</summary>
    public IEnumerable<string> Problems =>
        Cells.Where(cell => cell.Error is not null).Select(cell => $"{Chapter}, cell '{cell.Id}': {cell.Error}")
            .Concat(Cells.Where(cell => cell.Stderr.Length > 0).Select(cell => $"{Chapter}, cell '{cell.Id}' wrote to stderr: {cell.Stderr.Trim()}"));

    private static string Text(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(line => (string?)line)),
        null => "",
        _ => (string?)text ?? "",
    };
}

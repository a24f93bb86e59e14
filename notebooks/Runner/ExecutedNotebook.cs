using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLearning.NotebookRunner;

/// <summary>The notebook with its outputs filled in: the original JSON, every id and metadata field kept.</summary>
public static class ExecutedNotebook
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, IndentSize = 1 };

    public static string ToJson(NotebookRun run)
    {
        var json = (JsonObject)run.Notebook.Json.DeepClone();
        var cells = json["cells"]!.AsArray();
        foreach (var cellRun in run.Cells)
        {
            var cell = cells[cellRun.Cell.Number - 1]!.AsObject();
            cell["execution_count"] = cellRun.ExecutionCount;
            cell["outputs"] = new JsonArray(cellRun.Outputs.Select(output => (JsonNode)output.DeepClone()).ToArray());
        }
        return json.ToJsonString(s_indented) + "\n";
    }

    /// <summary>
    /// An executed notebook read back (written by <see cref="ToJson"/>, or by Jupyter): its code cells with their
    /// outputs, as if it had just run. Elapsed times are not stored, so they read zero.
    /// </summary>
    public static NotebookRun Load(string path)
    {
        var notebook = CourseNotebook.Load(path);
        var cells = notebook.Json["cells"]!.AsArray();
        var runs = notebook.Cells.Where(cell => cell.IsCode).Select(cell =>
        {
            var json = cells[cell.Number - 1]!.AsObject();
            var outputs = json["outputs"]?.AsArray().Select(output => output!.AsObject()).ToList() ?? [];
            var error = outputs.FirstOrDefault(output => (string?)output["output_type"] == "error");
            return new CellRun(cell, (int?)json["execution_count"] ?? 0, outputs, TimeSpan.Zero,
                error is null ? null : $"{error["ename"]}: {error["evalue"]}");
        });
        return new NotebookRun(notebook, runs.ToList(), TimeSpan.Zero);
    }
}

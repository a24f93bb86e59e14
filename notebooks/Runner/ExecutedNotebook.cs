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
}

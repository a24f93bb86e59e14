using System.Text.Json.Nodes;

namespace DeepLearning.NotebookRunner;

/// <summary>What one code cell produced: nbformat output objects, how long it took, and its error if it failed.</summary>
public sealed record CellRun(NotebookCell Cell, int ExecutionCount, IReadOnlyList<JsonObject> Outputs, TimeSpan Elapsed, string? Error);

/// <summary>A notebook's execution: the cells that ran, in order, and the first failure, if any.</summary>
public sealed record NotebookRun(CourseNotebook Notebook, IReadOnlyList<CellRun> Cells, TimeSpan Elapsed)
{
    public CellRun? FailedCell => Cells.FirstOrDefault(cell => cell.Error is not null);

    public bool Succeeded => FailedCell is null;

    /// <summary>"chapter 01-…, cell 7 (id 'train'): error …", or null when every cell ran.</summary>
    public string? FailureMessage => FailedCell is { } failed
        ? $"chapter {Notebook.Chapter}, cell {failed.Cell.Number} (id '{failed.Cell.Id}'): {failed.Error}"
        : null;
}

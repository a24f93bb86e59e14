using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace DeepLearning.NotebookRunner;

/// <summary>
/// Runs a notebook's code cells top to bottom in a fresh C# kernel of .NET Interactive, in this process, as
/// Jupyter or VS Code would, and records each cell's outputs in nbformat's shape. A cell's compiler warnings are
/// recorded as Jupyter shows them, on its stderr, so that what a learner would see is in the executed copy.
/// </summary>
/// <remarks>
/// The kernel's working directory is the notebook's folder (as in Jupyter and VS Code), so relative paths such as
/// <c>#load "setup.csx"</c> resolve the same way. That directory is process-wide: run one notebook at a time.
/// </remarks>
public static class NotebookExecution
{
    private static readonly SemaphoreSlim s_oneAtATime = new(1, 1);

    /// <summary>Runs every code cell, stopping at the first that fails (later cells depend on earlier ones).</summary>
    public static Task<NotebookRun> RunAsync(CourseNotebook notebook) => RunAsync(notebook, _ => true, continueAfterError: false);

    /// <summary>Runs the code cells that <paramref name="include"/> selects, in order.</summary>
    public static async Task<NotebookRun> RunAsync(CourseNotebook notebook, Func<NotebookCell, bool> include, bool continueAfterError)
    {
        await s_oneAtATime.WaitAsync();
        var previousDirectory = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(notebook.Folder);
            using var kernel = new CSharpKernel().UseKernelHelpers().UseValueSharing();
            var clock = Stopwatch.StartNew();
            var runs = new List<CellRun>();
            foreach (var cell in notebook.Cells.Where(cell => cell.IsCode && include(cell)))
            {
                var run = await RunCellAsync(kernel, cell, runs.Count + 1);
                runs.Add(run);
                if (run.Error is not null && !continueAfterError)
                {
                    break;
                }
            }
            return new NotebookRun(notebook, runs, clock.Elapsed);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            s_oneAtATime.Release();
        }
    }

    private static async Task<CellRun> RunCellAsync(Kernel kernel, NotebookCell cell, int executionCount)
    {
        var clock = Stopwatch.StartNew();
        var result = await kernel.SubmitCodeAsync(cell.Source);
        var outputs = new List<JsonObject>();
        string? error = null;
        foreach (var kernelEvent in result.Events)
        {
            switch (kernelEvent)
            {
                case StandardOutputValueProduced stdout:
                    outputs.Add(Stream("stdout", PlainText(stdout)));
                    break;
                case StandardErrorValueProduced stderr:
                    outputs.Add(Stream("stderr", PlainText(stderr)));
                    break;
                case ReturnValueProduced returned:
                    outputs.Add(Display("execute_result", returned, executionCount));
                    break;
                case DisplayEvent displayed:
                    outputs.Add(Display("display_data", displayed, null));
                    break;
                case DiagnosticsProduced diagnostics when diagnostics.Diagnostics.Any(IsShownInJupyter):
                    outputs.Add(Stream("stderr", string.Join("\n", diagnostics.Diagnostics.Where(IsShownInJupyter).Select(Describe)) + "\n"));
                    break;
                case CommandFailed failed:
                    error = failed.Exception?.ToString() ?? failed.Message;
                    outputs.Add(Error(failed));
                    break;
            }
        }
        return new CellRun(cell, executionCount, outputs, clock.Elapsed, error);
    }

    /// <summary>
    /// Warnings, and infos too: Jupyter shows both under the cell, in red (chapter 6 once showed
    /// "info CS9236: Compiling requires binding the lambda expression at least 100 times" there, and only a browser saw it).
    /// </summary>
    private static bool IsShownInJupyter(Diagnostic diagnostic) =>
        diagnostic.Severity is Microsoft.CodeAnalysis.DiagnosticSeverity.Warning or Microsoft.CodeAnalysis.DiagnosticSeverity.Info;

    /// <summary>"(1,20): warning CS8632: …" or "(26,43): info CS9236: …", the line Jupyter shows.</summary>
    private static string Describe(Diagnostic diagnostic) =>
        $"({diagnostic.LinePositionSpan.Start.Line + 1},{diagnostic.LinePositionSpan.Start.Character + 1}): {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Code}: {diagnostic.Message}";

    private static string PlainText(DisplayEvent displayed) =>
        displayed.FormattedValues.FirstOrDefault(value => value.MimeType == PlainTextFormatter.MimeType)?.Value
        ?? displayed.Value?.ToString() ?? "";

    private static JsonObject Stream(string name, string text) =>
        new() { ["output_type"] = "stream", ["name"] = name, ["text"] = text };

    private static JsonObject Display(string outputType, DisplayEvent displayed, int? executionCount)
    {
        var data = new JsonObject();
        foreach (var value in displayed.FormattedValues)
        {
            data[value.MimeType] = value.Value;
        }
        var output = new JsonObject { ["output_type"] = outputType, ["data"] = data, ["metadata"] = new JsonObject() };
        if (executionCount is { } count)
        {
            output["execution_count"] = count;
        }
        return output;
    }

    private static JsonObject Error(CommandFailed failed)
    {
        var exception = failed.Exception;
        var lines = (exception?.ToString() ?? failed.Message).Split('\n');
        return new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = exception?.GetType().Name ?? "Error",
            ["evalue"] = exception?.Message ?? failed.Message,
            ["traceback"] = new JsonArray(lines.Select(line => (JsonNode)JsonValue.Create(line)!).ToArray()),
        };
    }
}

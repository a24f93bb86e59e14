using System.Text.Json.Nodes;

namespace DeepLearning.Notebooks.Tests.Support;

/// <summary>
/// An executed notebook as Jupyter or the runner wrote it: per code cell, its id, what it printed on each stream, its
/// error and its HTML. The learner sees these outputs, so the tests read them: checks that say what they should, no
/// error, nothing on stderr (the kernel shows a cell's compiler warnings there) and no chart that needs the web.
/// </summary>
public sealed record ExecutedChapter(string Chapter, IReadOnlyList<ExecutedChapter.Cell> Cells)
{
    public sealed record Cell(string Id, string Stdout, string Stderr, string? Error, IReadOnlyList<string> Html);

    // How the set-up cell's output, which carries plotly.js itself, starts (OfflinePlotly.ScriptElement in the kit).
    private const string PlotlyJsScript = "<script type=\"text/javascript\">(function (define, module, exports) {";

    public static ExecutedChapter Load(string path)
    {
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Select(cell => cell!.AsObject())
            .Where(cell => (string?)cell["cell_type"] == "code")
            .Select(cell =>
            {
                var outputs = cell["outputs"]?.AsArray().Select(output => output!.AsObject()).ToList() ?? [];
                string Stream(string name) => string.Concat(outputs.Where(output => (string?)output["output_type"] == "stream" && (string?)output["name"] == name).Select(output => Text(output["text"])));
                var error = outputs.FirstOrDefault(output => (string?)output["output_type"] == "error");
                var html = outputs.Select(output => output["data"]?["text/html"]).Where(markup => markup is not null).Select(Text).ToList();
                return new Cell((string?)cell["id"] ?? "", Stream("stdout"), Stream("stderr"), error is null ? null : $"{error["ename"]}: {error["evalue"]}", html);
            })
            .ToList();
        return new ExecutedChapter(Path.GetFileNameWithoutExtension(path), cells);
    }

    /// <summary>The check cells (ids check-X-Y), with their task.</summary>
    public IEnumerable<(string Task, Cell Cell)> Checks =>
        Cells.Where(cell => cell.Id.StartsWith("check-", StringComparison.Ordinal)).Select(cell => (cell.Id["check-".Length..].Replace('-', '.'), cell));

    /// <summary>
    /// Every problem a learner would see: an error, anything on stderr, or a chart that names a web address (a
    /// script from a CDN, as Plotly.NET.Interactive's formatter writes: offline, the chart stays empty).
    /// </summary>
    public IEnumerable<string> Problems =>
        Cells.Where(cell => cell.Error is not null).Select(cell => $"{Chapter}, cell '{cell.Id}': {cell.Error}")
            .Concat(Cells.Where(cell => cell.Stderr.Length > 0).Select(cell => $"{Chapter}, cell '{cell.Id}' wrote to stderr: {cell.Stderr.Trim()}"))
            .Concat(Cells.Where(cell => cell.Html.Any(NeedsTheWeb)).Select(cell => $"{Chapter}, cell '{cell.Id}' shows a chart that names a web address, so offline it may stay empty"));

    private static bool NeedsTheWeb(string html) =>
        html.Contains("Plotly.newPlot", StringComparison.Ordinal) && !html.StartsWith(PlotlyJsScript, StringComparison.Ordinal)
        && (html.Contains("http://", StringComparison.Ordinal) || html.Contains("https://", StringComparison.Ordinal));

    private static string Text(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(line => (string?)line)),
        null => "",
        _ => (string?)text ?? "",
    };

    /// <summary>
    /// Fails unless the teacher's copy of the chapter ran clean: nothing a learner would see besides its outputs, and
    /// every check passing with the reference solution (a question's check says it is right).
    /// </summary>
    public void AssertEveryCheckPasses(string runnerErrors = "")
    {
        Assert.That(Problems, Is.Empty, $"{Chapter}: what the chapter shows besides its outputs" + (runnerErrors.Length > 0 ? $":\n{runnerErrors}" : ""));
        Assert.That(Checks, Is.Not.Empty, "every chapter has tasks");
        foreach (var (task, cell) in Checks)
        {
            var passed = DeepLearning.Grading.TaskCatalog.IsQuestion(task) ? $"✔ Question {task} (" : $"✔ Task {task} passed";
            Assert.That(cell.Stdout, Does.StartWith(passed), $"the check of task {task} with the reference solution");
        }
    }
}

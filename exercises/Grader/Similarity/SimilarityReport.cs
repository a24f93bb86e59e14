using System.Globalization;
using System.Text;
using DeepLearning.Grading.Batch;
using DeepLearning.Grading.Reporting;

namespace DeepLearning.Grading.Similarity;

/// <summary>
/// The similarity report, a page for the teacher only: the pairs that share most over all tasks, then task by task
/// the most similar pairs with their code side by side and each shared region marked in the same colour on both
/// sides. Similar code is a reason to look, not a verdict.
/// </summary>
public static class SimilarityReport
{
    private static readonly string[] s_colours = ["#ffe08a", "#a8e6a1", "#9fd3ff", "#f7b2d9", "#d3c0ff", "#ffc29e"];

    public static string Html(SimilarityAnalysis analysis, IReadOnlyDictionary<string, string> titles)
    {
        var body = new StringBuilder()
            .Append($"<h1>Similarity of {analysis.Submissions} submissions</h1>")
            .Append("<p><b>For the teacher only.</b> Each task's method body (not the helpers it calls) is read as tokens, with every identifier, ")
            .Append("number and string made the same, so that renaming and reformatting change nothing. ")
            .Append($"Runs of {Winnowing.K} tokens are hashed and winnowed (MOSS): any run of {Winnowing.GuaranteeThreshold} tokens or more that two submissions share is found, ")
            .Append($"and none shorter than {Winnowing.K}. The starter's code is ignored, and so is code that more than {SimilarityAnalysis.CommonLimit(analysis.Submissions)} submissions share (what the task all but dictates). ")
            .Append($"A pair's similarity on a task is the share of their fingerprints they have in common (|A ∩ B| / |A ∪ B|); pairs at {Percent(SimilarityAnalysis.NearIdentical)} or more are listed. ")
            .Append("The marked regions are the shared runs, found exactly by greedy string tiling (JPlag). Short tasks have few ways to be written: similar code is a reason to look, not a verdict.</p>");
        foreach (var note in analysis.Notes)
        {
            body.Append($"<p>{HtmlPage.Encode(note)}</p>");
        }
        body.Append("<h2>Pairs over all tasks</h2><table><tr><th>submission</th><th>submission</th><th>shared fingerprints</th><th>near-identical tasks</th></tr>");
        foreach (var pair in analysis.AcrossTasks)
        {
            body.Append($"<tr><td>{Name(pair.A)}</td><td>{Name(pair.B)}</td><td class=\"number\">{pair.SharedFingerprints}</td><td>{HtmlPage.Encode(string.Join(", ", pair.NearIdenticalTasks))}</td></tr>");
        }
        body.Append("</table>");
        foreach (var task in analysis.Pairs.GroupBy(pair => pair.Task))
        {
            body.Append($"<h2 id=\"task-{HtmlPage.Encode(task.Key)}\">Task {HtmlPage.Encode(task.Key)}: {HtmlPage.Encode(titles.GetValueOrDefault(task.Key, ""))}</h2>");
            foreach (var pair in task)
            {
                var tiled = pair.Tiles.Sum(tile => tile.Length);
                body.Append($"<h3>{Name(pair.A)} and {Name(pair.B)}: {Percent(pair.Similarity)} of fingerprints shared; ")
                    .Append($"{pair.Tiles.Count} shared region{(pair.Tiles.Count == 1 ? "" : "s")}, {tiled} tokens of {pair.CodeA.Tokens.Count} and of {pair.CodeB.Tokens.Count}</h3>")
                    .Append("<div style=\"display:flex;gap:1em\">")
                    .Append(Side(pair.CodeA, pair.Tiles.Select(tile => (tile.StartA, tile.Length)).ToList()))
                    .Append(Side(pair.CodeB, pair.Tiles.Select(tile => (tile.StartB, tile.Length)).ToList()))
                    .Append("</div>");
            }
        }
        return HtmlPage.Build("Similarity (teacher only)", body.ToString(), withCharts: false);
    }

    // One side: the method's text from the start of its first line, each tile's characters marked in its colour.
    private static string Side(TaskCode code, IReadOnlyList<(int Start, int Length)> tiles)
    {
        var start = code.Text.LastIndexOf('\n', Math.Max(0, code.MethodStart - 1)) + 1;
        var (firstLine, lastLine) = (LineOf(code.Text, code.MethodStart), LineOf(code.Text, code.MethodEnd));
        var html = new StringBuilder($"<div style=\"flex:1;min-width:0\"><p>{HtmlPage.Encode(code.File)}, lines {firstLine}–{lastLine}</p><pre>");
        var at = start;
        foreach (var (tile, index) in tiles.Select((tile, index) => (tile, index)).OrderBy(pair => pair.tile.Start))
        {
            var (from, to) = (code.Tokens[tile.Start].Start, code.Tokens[tile.Start + tile.Length - 1].End);
            html.Append(HtmlPage.Encode(code.Text[at..from]))
                .Append($"<mark style=\"background:{s_colours[index % s_colours.Length]}\">").Append(HtmlPage.Encode(code.Text[from..to])).Append("</mark>");
            at = to;
        }
        return html.Append(HtmlPage.Encode(code.Text[at..code.MethodEnd])).Append("</pre></div>").ToString();
    }

    private static int LineOf(string text, int position) => 1 + text.AsSpan(0, position).Count('\n');

    private static string Name(ClassSubmission submission) =>
        HtmlPage.Encode($"{submission.Name} ({string.Join(", ", submission.Students.Select(student => student.Name))})");

    private static string Percent(double share) => (100 * share).ToString("0", CultureInfo.InvariantCulture) + " %";
}

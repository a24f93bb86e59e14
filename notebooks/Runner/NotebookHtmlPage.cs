using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;

namespace DeepLearning.NotebookRunner;

/// <summary>
/// An executed notebook as one HTML page, for a learner without Jupyter or VS Code: the text, the code and every
/// output, charts included (their plotly.js travels in the set-up cell's output, so the page works offline).
/// </summary>
/// <remarks>
/// Markdig turns $…$ and $$…$$ into \(…\) and \[…\] spans. Offline, math stays in that LaTeX source, readable as is;
/// when the page is opened online, MathJax typesets it.
/// </remarks>
public static class NotebookHtmlPage
{
    private static readonly MarkdownPipeline s_markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static string Render(NotebookRun run)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(run.Notebook.Chapter))
            .Append("</title><style>")
            .Append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;line-height:1.5}")
            .Append("pre{background:#f6f8fa;padding:.8em;overflow-x:auto}")
            .Append(".output{border-left:3px solid #9ca3af;padding-left:.8em;margin:.5em 0 1.5em}")
            .Append(".error{color:#b91c1c;white-space:pre-wrap}")
            .Append("</style>")
            .Append("<script async src=\"https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js\"></script>")
            .Append("</head><body>")
            .Append(Cells(run));
        return page.Append("</body></html>\n").ToString();
    }

    /// <summary>The notebook's cells in order: markdown as HTML, code in a pre block, then its outputs.</summary>
    /// <remarks>The course website (<see cref="CourseSite"/>) puts the same cells in its own page.</remarks>
    public static string Cells(NotebookRun run)
    {
        var outputsByCell = run.Cells.ToDictionary(cell => cell.Cell.Number);
        var page = new StringBuilder();
        foreach (var cell in run.Notebook.Cells)
        {
            if (!cell.IsCode)
            {
                page.Append(Markdown(cell.Source));
                continue;
            }
            page.Append("<pre><code class=\"language-csharp\">").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>");
            if (outputsByCell.TryGetValue(cell.Number, out var cellRun) && cellRun.Outputs.Count > 0)
            {
                page.Append("<div class=\"output\">");
                foreach (var output in cellRun.Outputs)
                {
                    page.Append(RenderOutput(output));
                }
                page.Append("</div>");
            }
        }
        return page.ToString();
    }

    /// <summary>A markdown cell as HTML: headings get ids, $…$ and $$…$$ become math spans and divs holding \(…\) and \[…\].</summary>
    public static string Markdown(string source) => Markdig.Markdown.ToHtml(source, s_markdown);

    private static string RenderOutput(JsonObject output)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                return $"<pre>{WebUtility.HtmlEncode(CourseNotebook.Text(output["text"]))}</pre>";
            case "error":
                var traceback = string.Join("\n", output["traceback"]!.AsArray().Select(line => (string?)line));
                return $"<pre class=\"error\">{WebUtility.HtmlEncode(traceback)}</pre>";
            default:
                var data = output["data"]!.AsObject();
                if (data["text/html"] is { } html)
                {
                    return CourseNotebook.Text(html);
                }
                return $"<pre>{WebUtility.HtmlEncode(CourseNotebook.Text(data["text/plain"]))}</pre>";
        }
    }
}

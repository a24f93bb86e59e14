using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepLearning.NotebookRunner;

/// <summary>One chapter of the website: its page, its title (the first heading) and what it teaches (its opening cell's list).</summary>
public sealed record SiteChapter(string Page, string Title, string GoalsHtml, NotebookRun Run);

/// <summary>A heading of a chapter, for the site's search: its text, and where it is (page and anchor).</summary>
public sealed record SiteHeading(string Text, string Chapter, string Page, string Id);

/// <summary>
/// The course as a static website, read like d2l's: an index of the chapters with what each teaches, a page per
/// executed chapter with previous/next links, interactive charts, typeset math and a search over the headings. It
/// works offline, from a folder or any static host: plotly.js (taken from the set-up cell's output) is one file for the
/// whole site, KaTeX is copied in from Debian's libjs-katex, and nothing is fetched from the web.
/// </summary>
/// <remarks>
/// Layout: <c>index.html</c>, <c>NN-name.html</c> a chapter, <c>assets/</c> (plotly.js, katex/, site.css, site.js and
/// search-index.js, the headings as JSON in a script, which a page opened from disk can load where fetch() could not).
/// </remarks>
public static partial class CourseSite
{
    public const string Name = "Deep learning from scratch, in C#";

    private const string GoalsLead = "**In this chapter you will**";

    /// <summary>Writes the site of <paramref name="runs"/> (executed chapters, in order) into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<SiteHeading> Write(IReadOnlyList<NotebookRun> runs, string folder, string katexFolder = SiteAssets.DebianKatex)
    {
        var chapters = runs.Select(Chapter).ToList();
        Directory.CreateDirectory(folder);
        var plotlyScript = SiteAssets.Write(runs, folder, katexFolder);
        var headings = new List<SiteHeading>();
        for (var i = 0; i < chapters.Count; i++)
        {
            var body = NotebookHtmlPage.Cells(chapters[i].Run).Replace(plotlyScript, "", StringComparison.Ordinal);
            headings.AddRange(Headings(chapters[i], body));
            var navigation = Navigation(i > 0 ? chapters[i - 1] : null, i + 1 < chapters.Count ? chapters[i + 1] : null);
            File.WriteAllText(Path.Combine(folder, chapters[i].Page), Page(chapters[i].Title, navigation + body + navigation, withCharts: true));
        }
        File.WriteAllText(Path.Combine(folder, "index.html"), Page(Name, Index(chapters), withCharts: false));
        File.WriteAllText(Path.Combine(folder, "assets", "search-index.js"),
            $"// The headings of every chapter, for site.js's search.\nwindow.searchIndex = {JsonSerializer.Serialize(headings, SiteAssets.Json)};\n");
        // GitHub Pages serves the folder as it is, without Jekyll.
        File.WriteAllText(Path.Combine(folder, ".nojekyll"), "");
        return headings;
    }

    private static SiteChapter Chapter(NotebookRun run)
    {
        var opening = run.Notebook.Cells.FirstOrDefault(cell => !cell.IsCode)?.Source ?? "";
        var title = opening.Split('\n').FirstOrDefault(line => line.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim()
            ?? throw new InvalidDataException($"{run.Notebook.Path}: the opening cell has no '# ' title");
        var goals = opening.IndexOf(GoalsLead, StringComparison.Ordinal) is var at and >= 0
            ? NotebookHtmlPage.Markdown(opening[(at + GoalsLead.Length)..])
            : throw new InvalidDataException($"{run.Notebook.Path}: the opening cell does not state the chapter's goals ('{GoalsLead}' and a list)");
        return new SiteChapter(run.Notebook.Chapter + ".html", title, goals, run);
    }

    private static string Index(IReadOnlyList<SiteChapter> chapters)
    {
        var index = new StringBuilder()
            .Append($"<h1>{WebUtility.HtmlEncode(Name)}</h1>")
            .Append("<p>A course that builds a deep-learning engine in C#, from one derivative to GPU kernels. Each chapter ")
            .Append("below is a notebook, shown here as it ran in fast mode: read it here, then run it yourself in Jupyter or ")
            .Append("VS Code (the repository's README says how) and do its <em>your turn</em> exercises.</p>")
            .Append("<ol class=\"chapters\">");
        foreach (var chapter in chapters)
        {
            index.Append($"<li><h2><a href=\"{chapter.Page}\">{WebUtility.HtmlEncode(chapter.Title)}</a></h2>")
                .Append("<p>In this chapter you will</p>").Append(chapter.GoalsHtml).Append("</li>");
        }
        return index.Append("</ol>").ToString();
    }

    private static string Navigation(SiteChapter? previous, SiteChapter? next) =>
        "<nav class=\"pager\">"
        + (previous is null ? "<span></span>" : $"<a rel=\"prev\" href=\"{previous.Page}\">← {WebUtility.HtmlEncode(previous.Title)}</a>")
        + "<a href=\"index.html\">Contents</a>"
        + (next is null ? "<span></span>" : $"<a rel=\"next\" href=\"{next.Page}\">{WebUtility.HtmlEncode(next.Title)} →</a>")
        + "</nav>";

    private static IEnumerable<SiteHeading> Headings(SiteChapter chapter, string body) =>
        HeadingElement().Matches(body).Select(match => new SiteHeading(
            WebUtility.HtmlDecode(Regex.Replace(match.Groups["text"].Value, "<[^>]*>", "")), chapter.Title, chapter.Page, match.Groups["id"].Value));

    private static string Page(string title, string main, bool withCharts) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title == Name ? Name : $"{title} · {Name}")}</title>
        <link rel="stylesheet" href="assets/site.css"><link rel="stylesheet" href="assets/katex/katex.min.css">
        {(withCharts ? "<script src=\"assets/plotly.js\"></script>" : "")}
        <script defer src="assets/katex/katex.min.js"></script><script defer src="assets/search-index.js"></script><script defer src="assets/site.js"></script>
        </head><body>
        <header><a class="home" href="index.html">{WebUtility.HtmlEncode(Name)}</a>
        <div class="search"><input id="search" type="search" placeholder="Search the headings" aria-label="Search the headings"><ol id="search-results"></ol></div></header>
        <main>{main}</main>
        </body></html>

        """;

    [GeneratedRegex("<h(?<level>[1-3]) id=\"(?<id>[^\"]+)\">(?<text>.*?)</h\\k<level>>", RegexOptions.Singleline)]
    private static partial Regex HeadingElement();
}

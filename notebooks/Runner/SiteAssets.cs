using System.Text.Json;

namespace DeepLearning.NotebookRunner;

/// <summary>
/// The files every page of the course website shares, under <c>assets/</c>: plotly.js once for the whole site (the
/// chapters' charts only call it), KaTeX with its fonts, and the site's own stylesheet and script (Site/ here).
/// </summary>
public static class SiteAssets
{
    /// <summary>Where Debian's libjs-katex puts KaTeX (notebooks/setup-browser.sh installs it).</summary>
    public const string DebianKatex = "/usr/share/javascript/katex";

    // How the set-up cell's output wraps plotly.js (OfflinePlotly.ScriptElement in the kit).
    private const string PlotlyStart = "<script type=\"text/javascript\">(function (define, module, exports) {";
    private const string PlotlyEnd = "}).call(window, undefined, undefined, undefined);</script>";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes assets/ and returns the script element that carried plotly.js, which the chapter pages drop.</summary>
    public static string Write(IReadOnlyList<NotebookRun> runs, string siteFolder, string katexFolder)
    {
        var assets = Path.Combine(siteFolder, "assets");
        Directory.CreateDirectory(assets);
        var plotlyScript = PlotlyScript(runs);
        File.WriteAllText(Path.Combine(assets, "plotly.js"), plotlyScript["<script type=\"text/javascript\">".Length..^"</script>".Length]);
        CopyKatex(katexFolder, Path.Combine(assets, "katex"));
        foreach (var file in new[] { "site.css", "site.js" })
        {
            using var resource = typeof(SiteAssets).Assembly.GetManifestResourceStream(file)!;
            using var copy = File.Create(Path.Combine(assets, file));
            resource.CopyTo(copy);
        }
        return plotlyScript;
    }

    /// <summary>The script element that defines plotly.js, from the first output that holds it.</summary>
    private static string PlotlyScript(IReadOnlyList<NotebookRun> runs)
    {
        foreach (var html in runs.SelectMany(run => run.Cells).SelectMany(cell => cell.Outputs)
                     .Select(output => output["data"]?["text/html"]).Where(html => html is not null).Select(CourseNotebook.Text))
        {
            var start = html.IndexOf(PlotlyStart, StringComparison.Ordinal);
            if (start >= 0)
            {
                var end = html.IndexOf(PlotlyEnd, start, StringComparison.Ordinal);
                return html[start..(end + PlotlyEnd.Length)];
            }
        }
        throw new InvalidDataException("no chapter's output holds plotly.js (the set-up cell's output should): were the chapters executed?");
    }

    /// <summary>katex.min.js, katex.min.css and the woff2 fonts (the first format the stylesheet names), links followed.</summary>
    private static void CopyKatex(string katexFolder, string target)
    {
        if (!File.Exists(Path.Combine(katexFolder, "katex.min.js")))
        {
            throw new FileNotFoundException(
                $"KaTeX is not in {katexFolder}: install Debian's libjs-katex (notebooks/setup-browser.sh does), so the site's math renders offline");
        }
        Directory.CreateDirectory(Path.Combine(target, "fonts"));
        File.Copy(Path.Combine(katexFolder, "katex.min.js"), Path.Combine(target, "katex.min.js"), overwrite: true);
        File.Copy(Path.Combine(katexFolder, "katex.min.css"), Path.Combine(target, "katex.min.css"), overwrite: true);
        foreach (var font in Directory.GetFiles(Path.Combine(katexFolder, "fonts"), "*.woff2"))
        {
            File.Copy(font, Path.Combine(target, "fonts", Path.GetFileName(font)), overwrite: true);
        }
    }
}

using System.Net;
using System.Text;
using Plotly.NET;

namespace DeepLearning.Grading.Reporting;

/// <summary>
/// A self-contained HTML page for the teacher (the class report, the similarity report): it loads nothing from
/// elsewhere, so it opens offline and from an archive. Charts are Plotly.NET's; plotly.js is embedded once, in the
/// head, from the copy inside Plotly.NET's assembly, as engine/Cli's training report does.
/// </summary>
public static class HtmlPage
{
    public static string Build(string title, string body, bool withCharts)
    {
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Encode(title)).Append("</title>");
        if (withCharts)
        {
            page.Append("<script>").Append(PlotlyJs()).Append("</script>");
        }
        return page.Append("<style>")
            .Append("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}")
            .Append("td.number{text-align:right}pre{margin:0;font-size:12px;line-height:1.35}")
            .Append("</style></head><body>")
            .Append(body)
            .Append("</body></html>")
            .ToString();
    }

    /// <summary>A chart as a div and the script that draws it with the page's plotly.js.</summary>
    public static string Chart(GenericChart chart) => GenericChart.toChartHTML(chart);

    /// <summary>Text made safe for HTML: whatever a submission or a test printed is shown, never run.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(SafeText.Clean(text));

    private static string PlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().Single(resource => resource.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        // A "</script>" inside the library would end its element early; plotly.js has none, and this keeps it so.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}

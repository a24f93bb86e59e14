using System.Net;
using System.Text;
using Plotly.NET;

namespace DeepLearning.Notebooks;

/// <summary>
/// Shows Plotly.NET charts without a network: plotly.js is read from the copy that Plotly.NET's assembly
/// embeds and sent once, by the set-up cell; every chart after it only calls <c>Plotly.newPlot</c>.
/// </summary>
/// <remarks>
/// Plotly.NET.Interactive 6.0.0's formatter loads plotly.js (and require.js) from a CDN whatever the chart's
/// display options, which shows nothing offline (notebooks/README.md, "Charts offline", has the evidence), so the
/// course registers this one instead. Embedding the 3.5 MB script in every chart would repeat it in every output,
/// so it goes out once.
/// Jupyter, VS Code and the runner's HTML page all render a notebook's outputs in one document, where a
/// script defined by an earlier output is visible to the later ones.
/// </remarks>
public static class OfflinePlotly
{
    /// <summary>The plotly.js version inside Plotly.NET 6.0.0.</summary>
    public static string PlotlyJsVersion
    {
        get
        {
            // The resource is named like "Plotly.NET.plotly-2.28.0.min.js".
            var name = ResourceName();
            var start = name.LastIndexOf("plotly-", StringComparison.Ordinal) + "plotly-".Length;
            return name[start..^".min.js".Length];
        }
    }

    /// <summary>
    /// A script element that defines <c>window.Plotly</c>. require.js (which classic Jupyter pages load) would
    /// make plotly.js register itself as an AMD module instead of a global, so <c>define</c>, <c>module</c> and
    /// <c>exports</c> are hidden from it.
    /// </summary>
    public static string ScriptElement()
    {
        var assembly = typeof(GenericChart).Assembly;
        using var reader = new StreamReader(assembly.GetManifestResourceStream(ResourceName())!);
        return new StringBuilder()
            .Append("<script type=\"text/javascript\">(function (define, module, exports) {\n")
            .Append(reader.ReadToEnd())
            .Append("\n}).call(window, undefined, undefined, undefined);</script>")
            .ToString();
    }

    /// <summary>A chart as a div and a script that draws it with the plotly.js that <see cref="ScriptElement"/> defined.</summary>
    public static string ChartHtml(GenericChart chart)
    {
        var id = "chart-" + Guid.NewGuid().ToString("N");
        var figure = GenericChart.toFigureJson(chart);
        return $$"""
            <div id="{{id}}"></div>
            <script type="text/javascript">
            (function () {
                var target = document.getElementById('{{id}}');
                if (typeof window.Plotly === 'undefined') {
                    target.textContent = 'plotly.js is not loaded: run the set-up cell (the first code cell) of this notebook, then this one.';
                    return;
                }
                var figure = {{figure}};
                window.Plotly.newPlot(target, figure.data, figure.layout, { responsive: true });
            })();
            </script>
            """;
    }

    /// <summary>A caption under a chart, for the HTML page and the notebook alike.</summary>
    public static string Caption(string text) => $"<p><em>{WebUtility.HtmlEncode(text)}</em></p>";

    private static string ResourceName() =>
        typeof(GenericChart).Assembly.GetManifestResourceNames().Single(name => name.EndsWith(".min.js", StringComparison.Ordinal));
}

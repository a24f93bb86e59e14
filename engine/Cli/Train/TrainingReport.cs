using System.Net;
using System.Text;
using DeepLearning.Data;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace DeepLearning.Cli.Train;

/// <summary>
/// A self-contained HTML report of a run: loss and accuracy curves, the confusion matrix and a grid of
/// misclassified test images, drawn with Plotly.NET. plotly.js is embedded once (from the copy inside
/// Plotly.NET's assembly), so the page renders offline.
/// </summary>
internal static class TrainingReport
{
    private const int MisclassifiedShown = 32;
    private const int GridColumns = 8;

    public static string Html(RunMetrics metrics, Dataset test, int[] predictions)
    {
        var epochs = metrics.Epochs.Select(e => e.Epoch).ToArray();
        var charts = new[]
        {
            Curves("Loss (cross-entropy)", epochs, metrics.Epochs.Select(e => e.TrainLoss), metrics.Epochs.Select(e => e.TestLoss)),
            Curves("Accuracy", epochs, metrics.Epochs.Select(e => e.TrainAccuracy), metrics.Epochs.Select(e => e.TestAccuracy)),
            ConfusionHeatmap(metrics),
            MisclassifiedGrid(test, predictions, metrics.ClassNames, out var captions),
        };
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode($"{metrics.Model} on Fashion-MNIST"))
            .Append("</title><script>").Append(PlotlyJs()).Append("</script>")
            .Append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}td,th{padding:2px 8px;text-align:right}</style></head><body>");
        html.Append($"<h1>{WebUtility.HtmlEncode(metrics.Model)} on Fashion-MNIST</h1>")
            .Append($"<p>Test accuracy <b>{metrics.TestAccuracy:P2}</b> on {metrics.TestExamples:N0} held-out images, after {metrics.Epochs.Count} epochs on {metrics.TrainExamples:N0} training images ")
            .Append($"({WebUtility.HtmlEncode(metrics.Data)}). {metrics.Parameters:N0} parameters; {metrics.Optimizer}, learning rate {metrics.LearningRate} ({metrics.Schedule}), batch {metrics.BatchSize}, seed {metrics.Seed}, backend {metrics.Backend}; wall time {metrics.WallTimeSeconds:F1} s.</p>");
        foreach (var chart in charts)
        {
            html.Append(GenericChart.toChartHTML(chart));
        }
        html.Append("<p>Misclassified, in test-set order (true → predicted):</p><ol>");
        foreach (var caption in captions)
        {
            html.Append("<li>").Append(WebUtility.HtmlEncode(caption)).Append("</li>");
        }
        return html.Append("</ol></body></html>").ToString();
    }

    private static GenericChart Curves(string title, int[] epochs, IEnumerable<double> train, IEnumerable<double> test) =>
        Chart.Combine([
            Chart.Line<int, double, string>(epochs, train, Name: "train", ShowMarkers: true),
            Chart.Line<int, double, string>(epochs, test, Name: "test", ShowMarkers: true),
        ])
        .Titled(title)
        .WithXAxisStyle<int, int, int>(TitleText: "epoch")
        .WithSize(800, 400);

    private static GenericChart ConfusionHeatmap(RunMetrics metrics)
    {
        var names = metrics.ClassNames.ToArray();
        // Row 0 at the top, as a table reads: plotly draws the first row at the bottom, so rows go in reversed.
        var rows = metrics.ConfusionMatrix.Reverse().ToArray();
        return Chart.AnnotatedHeatmap<int, string, string, string>(
                rows,
                rows.Select(row => row.Select(count => count.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                X: names, Y: names.Reverse().ToArray(), ColorScale: StyleParam.Colorscale.Greens, ReverseScale: true)
            .Titled("Confusion matrix (rows: true class, columns: predicted)")
            .WithSize(800, 700);
    }

    /// <summary>The first misclassified test images tiled into one picture, 28×28 each with a 2-pixel gap.</summary>
    private static GenericChart MisclassifiedGrid(Dataset test, int[] predictions, IReadOnlyList<string> names, out List<string> captions)
    {
        var wrong = Enumerable.Range(0, test.Count).Where(i => predictions[i] != test.Label(i)).Take(MisclassifiedShown).ToArray();
        captions = wrong.Select(i => $"test image {i}: {names[test.Label(i)]} → {names[predictions[i]]}").ToList();
        const int cell = 30;
        var gridRows = Math.Max(1, (wrong.Length + GridColumns - 1) / GridColumns);
        var mosaic = new double[gridRows * cell][];
        for (var y = 0; y < mosaic.Length; y++)
        {
            mosaic[y] = new double[GridColumns * cell];
            Array.Fill(mosaic[y], double.NaN);
        }
        for (var k = 0; k < wrong.Length; k++)
        {
            var pixels = test.Item(wrong[k]);
            var (top, left) = (k / GridColumns * cell, k % GridColumns * cell);
            for (var y = 0; y < 28; y++)
            {
                for (var x = 0; x < 28; x++)
                {
                    // Image row 0 is the top; plotly's first row is the bottom, so flip vertically.
                    mosaic[mosaic.Length - 1 - (top + y)][left + x] = pixels[y * 28 + x];
                }
            }
        }
        return Chart.Heatmap<double, int, int, string>(mosaic, ColorScale: StyleParam.Colorscale.Greys, ReverseScale: true, ShowScale: false)
            .Titled($"The first {wrong.Length} misclassified test images (numbered left to right, top to bottom)")
            .WithSize(900, 140 * gridRows + 100);
    }

    private static string PlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    /// <summary>Plotly.NET's F# <c>Chart.withTitle</c>, which the C# bindings lack, as an extension.</summary>
    private static GenericChart Titled(this GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, TitleFont: null).Invoke(chart);
}

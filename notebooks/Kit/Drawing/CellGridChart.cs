using System.Globalization;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace DeepLearning.Notebooks.Drawing;

/// <summary>One grid of cells: a caption, a number per cell (its colour) and a label per cell; NaN leaves a cell grey.</summary>
public sealed record CellPanel(string Caption, double[][] Values, string[][] Labels)
{
    /// <summary>A 1-D or 2-D tensor as a panel, each cell labelled with its value.</summary>
    public static CellPanel Of(string caption, Tensor tensor)
    {
        var matrix = tensor.Rank switch
        {
            1 => tensor.Unsqueeze(0),
            2 => tensor,
            _ => throw new ArgumentException($"a panel shows tensors of rank 1 or 2; this one has shape {tensor.ShapeText}"),
        };
        var values = Enumerable.Range(0, matrix.Size(0))
            .Select(i => Enumerable.Range(0, matrix.Size(1)).Select(j => (double)matrix[i, j]).ToArray())
            .ToArray();
        return new CellPanel(caption, values, values.Select(row => row.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)).ToArray()).ToArray());
    }
}

/// <summary>
/// Grids of numbered cells side by side, in one picture, where equal numbers get equal colours across panels:
/// for storage and views, and for broadcasting.
/// </summary>
public static class CellGridChart
{
    private const int PixelsPerCell = 46;

    // Pastel colours, light enough for black text; a number's colour is the entry its integer part picks.
    private static readonly string[] s_palette =
    [
        "#fecaca", "#fed7aa", "#fef08a", "#d9f99d", "#bbf7d0", "#99f6e4",
        "#bae6fd", "#c7d2fe", "#e9d5ff", "#fbcfe8", "#fde68a", "#a7f3d0",
    ];

    /// <summary>A fresh marker object for each trace: Plotly.NET styles it in place, so sharing one would share colours.</summary>
    private static Plotly.NET.TraceObjects.Marker CellMarker()
    {
        var marker = new Plotly.NET.TraceObjects.Marker();
        marker.SetProperty("size", PixelsPerCell - 6);
        return marker;
    }

    private static Color ColourOf(double value) =>
        Color.fromString(s_palette[(int)(Math.Abs(Math.Floor(value)) % s_palette.Length)]);

    public static GenericChart Draw(string title, params CellPanel[] panels)
    {
        var (cellX, cellY, cellValue, cellLabel) = (new List<double>(), new List<double>(), new List<double>(), new List<string>());
        var (emptyX, emptyY, emptyLabel) = (new List<double>(), new List<double>(), new List<string>());
        var (captionX, captionY, captionText) = (new List<double>(), new List<double>(), new List<string>());
        var left = 0.0;
        foreach (var panel in panels)
        {
            var columns = panel.Values.Max(row => row.Length);
            captionX.Add(left + (columns - 1) / 2.0);
            captionY.Add(1);
            captionText.Add(panel.Caption);
            for (var i = 0; i < panel.Values.Length; i++)
            {
                for (var j = 0; j < panel.Values[i].Length; j++)
                {
                    var isEmpty = double.IsNaN(panel.Values[i][j]);
                    (isEmpty ? emptyX : cellX).Add(left + j);
                    (isEmpty ? emptyY : cellY).Add(-i);
                    (isEmpty ? emptyLabel : cellLabel).Add(panel.Labels[i][j]);
                    if (!isEmpty)
                    {
                        cellValue.Add(panel.Values[i][j]);
                    }
                }
            }
            left += columns + 2;
        }
        var width = left - 2;
        var rows = panels.Max(panel => panel.Values.Length);

        var cells = Chart.Point<double, double, string>(cellX, cellY, ShowLegend: false, MultiText: cellLabel.ToArray(),
            TextPosition: StyleParam.TextPosition.MiddleCenter, MarkerSymbol: StyleParam.MarkerSymbol.Square,
            MarkerColor: Color.fromColors(cellValue.Select(ColourOf)), Marker: CellMarker());
        var empty = Chart.Point<double, double, string>(emptyX, emptyY, ShowLegend: false, MultiText: emptyLabel.ToArray(),
            TextPosition: StyleParam.TextPosition.MiddleCenter, MarkerSymbol: StyleParam.MarkerSymbol.Square,
            MarkerColor: Color.fromString("#e5e7eb"), Marker: CellMarker());
        var captions = Chart.Scatter<double, double, string>(captionX, captionY, StyleParam.Mode.Text, ShowLegend: false, MultiText: captionText.ToArray());
        return Chart.Combine([cells, empty, captions])
            .WithHiddenAxes((-0.8, width - 0.2), (-rows + 0.4, 1.6))
            .Titled(title)
            .WithSize((int)(PixelsPerCell * (width + 1)) + 120, (int)(PixelsPerCell * (rows + 2)) + 120);
    }
}

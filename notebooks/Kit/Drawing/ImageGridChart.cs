using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace DeepLearning.Notebooks.Drawing;

/// <summary>Square greyscale images (e.g. 28×28 Fashion-MNIST) tiled into one picture, left to right, top to bottom.</summary>
public static class ImageGridChart
{
    public static GenericChart Draw(IReadOnlyList<float[]> images, int columns, string title)
    {
        var side = (int)Math.Round(Math.Sqrt(images[0].Length));
        var cell = side + 2;
        var rows = (images.Count + columns - 1) / columns;
        var mosaic = new double[rows * cell][];
        for (var y = 0; y < mosaic.Length; y++)
        {
            mosaic[y] = new double[columns * cell];
            Array.Fill(mosaic[y], double.NaN);
        }
        for (var k = 0; k < images.Count; k++)
        {
            var (top, left) = (k / columns * cell, k % columns * cell);
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    // Image row 0 is the top; plotly draws the first row at the bottom, so flip vertically.
                    mosaic[mosaic.Length - 1 - (top + y)][left + x] = images[k][y * side + x];
                }
            }
        }
        return Chart.Heatmap<double, int, int, string>(mosaic, ColorScale: StyleParam.Colorscale.Greys, ReverseScale: true, ShowScale: false)
            .WithoutAxes()
            .Titled(title)
            .WithSize(Math.Max(400, 3 * columns * cell + 100), 3 * rows * cell + 200);
    }
}

using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace DeepLearning.Notebooks.Drawing;

/// <summary>
/// Square images (e.g. 28×28 Fashion-MNIST, a CNN's feature maps or its 3×3 filters) tiled into one picture, left to
/// right, top to bottom, on one colour scale.
/// </summary>
public static class ImageGridChart
{
    /// <summary>
    /// Greyscale, dark for high values: pictures of clothing, and activations (which are never negative after ReLU).
    /// <paramref name="pixelSize"/> is the screen pixels a picture pixel takes: 3 suits 28×28 images; small pictures
    /// such as 3×3 filters want more.
    /// </summary>
    public static GenericChart Draw(IReadOnlyList<float[]> images, int columns, string title, int pixelSize = 3) =>
        Chart.Heatmap<double, int, int, string>(Mosaic(images, columns), ColorScale: StyleParam.Colorscale.Greys, ReverseScale: true, ShowScale: false)
            .WithoutAxes()
            .Titled(title)
            .WithSize(Width(images, columns, pixelSize), Height(images, columns, pixelSize));

    /// <summary>
    /// A diverging scale centred on zero (plotly's RdBu: blue negative, grey zero, red positive), with its colour bar:
    /// for weights and responses whose sign matters, such as a convolution's filters.
    /// </summary>
    public static GenericChart DrawSigned(IReadOnlyList<float[]> images, int columns, string title, int pixelSize = 3)
    {
        var chart = Chart.Heatmap<double, int, int, string>(Mosaic(images, columns), ColorScale: StyleParam.Colorscale.RdBu, ShowScale: true);
        // Plotly.NET's C# bindings have no argument for zmid; set plotly.js's property on the trace itself.
        foreach (var trace in GenericChart.getTraces(chart))
        {
            trace.SetProperty("zmid", 0.0);
        }
        return chart.WithoutAxes().Titled(title).WithSize(Width(images, columns, pixelSize) + 80, Height(images, columns, pixelSize));
    }

    /// <summary>The images on one grid with a two-pixel NaN (blank) border between them; row 0 of an image is its top.</summary>
    private static double[][] Mosaic(IReadOnlyList<float[]> images, int columns)
    {
        var side = Side(images);
        var cell = side + 2;
        var rows = Rows(images, columns);
        var mosaic = new double[rows * cell][];
        for (var y = 0; y < mosaic.Length; y++)
        {
            mosaic[y] = new double[columns * cell];
            Array.Fill(mosaic[y], double.NaN);
        }
        for (var k = 0; k < images.Count; k++)
        {
            if (images[k].Length != side * side)
            {
                throw new ArgumentException($"image grid: image {k} has {images[k].Length} pixels, image 0 has {side}×{side}; all must be the same size");
            }
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
        return mosaic;
    }

    private static int Side(IReadOnlyList<float[]> images) => (int)Math.Round(Math.Sqrt(images[0].Length));

    private static int Rows(IReadOnlyList<float[]> images, int columns) => (images.Count + columns - 1) / columns;

    private static int Width(IReadOnlyList<float[]> images, int columns, int pixelSize) =>
        Math.Max(400, pixelSize * columns * (Side(images) + 2) + 100);

    private static int Height(IReadOnlyList<float[]> images, int columns, int pixelSize) =>
        pixelSize * Rows(images, columns) * (Side(images) + 2) + 200;
}

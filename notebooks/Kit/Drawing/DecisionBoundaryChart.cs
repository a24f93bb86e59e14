using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace DeepLearning.Notebooks.Drawing;

/// <summary>
/// A 2-D classifier's decision boundary: its score over a grid as filled contours, the zero level being the
/// boundary, with the data points on top, coloured by class.
/// </summary>
public static class DecisionBoundaryChart
{
    /// <param name="score">The model's score at (x, y); positive means class 1.</param>
    /// <param name="points">The data, shape (n, 2).</param>
    /// <param name="labels">0 or 1 for each point.</param>
    /// <param name="resolution">Grid points along each axis: the model is evaluated resolution² times.</param>
    /// <param name="title">The chart's title.</param>
    public static GenericChart Draw(Func<double, double, double> score, Tensor points, int[] labels, int resolution = 50, string title = "Decision boundary")
    {
        var xy = points.ToArray();
        var xs = Enumerable.Range(0, labels.Length).Select(i => (double)xy[2 * i]).ToArray();
        var ys = Enumerable.Range(0, labels.Length).Select(i => (double)xy[2 * i + 1]).ToArray();
        var gridX = Grid(xs.Min(), xs.Max(), resolution);
        var gridY = Grid(ys.Min(), ys.Max(), resolution);
        // Rows of z go with y, columns with x.
        var z = gridY.Select(y => gridX.Select(x => score(x, y)).ToArray()).ToArray();

        // plotly's RdBu runs from blue (low) to red (high); reversed, negative scores (class 0) are red like their points.
        var field = Chart.Contour<double, double, double, string>(z, X: gridX, Y: gridY, ColorScale: StyleParam.Colorscale.RdBu,
            ReverseScale: true, ShowScale: false, Opacity: 0.55, ContoursStart: -1.0, ContoursEnd: 1.0, NContours: 10);
        var classes = Enumerable.Range(0, 2).Select(label =>
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToArray();
            return Chart.Point<double, double, string>(members.Select(i => xs[i]), members.Select(i => ys[i]), Name: $"class {label}",
                MarkerColor: ClassColor(label));
        });
        return Chart.Combine([field, .. classes]).Titled(title).WithSize(640, 520);
    }

    /// <summary>The colour of a class in these charts: red for 0 (negative scores), blue for 1, as the contours.</summary>
    public static Color ClassColor(int label) => Color.fromString(label == 0 ? "#b91c1c" : "#1d4ed8");

    private static double[] Grid(double min, double max, int count)
    {
        var margin = 0.15 * (max - min);
        var (start, end) = (min - margin, max + margin);
        return Enumerable.Range(0, count).Select(i => start + (end - start) * i / (count - 1)).ToArray();
    }
}

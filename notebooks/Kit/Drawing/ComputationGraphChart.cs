using System.Globalization;
using DeepLearning.Scalar;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace DeepLearning.Notebooks.Drawing;

/// <summary>
/// Draws the graph behind a scalar <see cref="Value"/>: a box for every value (its label, data and gradient)
/// and a circle for every operation, inputs on the left, the output on the right, as micrograd's draw_dot.
/// </summary>
public static class ComputationGraphChart
{
    public static GenericChart Draw(Value output, string title = "Computation graph")
    {
        var nodes = output.TopologicalOrder();
        var level = LevelsFromOutput(nodes);
        // Value nodes sit on even columns, each op on the odd column just left of the value it produced.
        var position = new Dictionary<Value, (double X, double Y)>(ReferenceEqualityComparer.Instance);
        foreach (var column in nodes.GroupBy(node => level[node]))
        {
            var members = column.ToList();
            for (var i = 0; i < members.Count; i++)
            {
                position[members[i]] = (-2.0 * column.Key, i - (members.Count - 1) / 2.0);
            }
        }

        var (edgeX, edgeY) = (new List<double>(), new List<double>());
        var (opX, opY, opText) = (new List<double>(), new List<double>(), new List<string>());
        foreach (var node in nodes.Where(node => node.Children.Count > 0))
        {
            var (x, y) = position[node];
            var op = (X: x - 1, Y: y);
            opX.Add(op.X);
            opY.Add(op.Y);
            opText.Add(node.Op);
            AddSegment(edgeX, edgeY, op, (x, y));
            foreach (var child in node.Children)
            {
                AddSegment(edgeX, edgeY, position[child], op);
            }
        }

        var edges = Chart.Line<double, double, string>(edgeX, edgeY, ShowLegend: false, LineColor: Color.fromString("#999999"), LineWidth: 1);
        var operations = Chart.Point<double, double, string>(opX, opY, ShowLegend: false, MultiText: opText,
            TextPosition: StyleParam.TextPosition.MiddleCenter, MarkerColor: Color.fromString("#fde68a"), MarkerSymbol: StyleParam.MarkerSymbol.Circle,
            Marker: SizedMarker(30));
        var values = Chart.Point<double, double, string>(
            nodes.Select(node => position[node].X), nodes.Select(node => position[node].Y), ShowLegend: false,
            MultiText: nodes.Select(Describe).ToArray(), TextPosition: StyleParam.TextPosition.MiddleCenter,
            MarkerColor: Color.fromString("#bfdbfe"), MarkerSymbol: StyleParam.MarkerSymbol.Square,
            Marker: SizedMarker(78));
        // Room for a three-line label per value: about 120 pixels a row, 130 a column.
        var height = 180 + 120 * nodes.GroupBy(node => level[node]).Max(column => column.Count());
        var width = 120 + 130 * (level.Values.Max() + 1);
        return Chart.Combine([edges, operations, values]).WithoutAxes().Titled(title).WithSize(Math.Max(width, 420), height);
    }

    private static Plotly.NET.TraceObjects.Marker SizedMarker(int size)
    {
        var marker = new Plotly.NET.TraceObjects.Marker();
        marker.SetProperty("size", size);
        return marker;
    }

    private static string Describe(Value node)
    {
        var name = string.IsNullOrEmpty(node.Label) ? "" : node.Label + "<br>";
        return string.Create(CultureInfo.InvariantCulture, $"{name}data {node.Data:0.####}<br>grad {node.Grad:0.####}");
    }

    /// <summary>How many steps each node is from the output along the longest path (the output is 0).</summary>
    private static Dictionary<Value, int> LevelsFromOutput(List<Value> topologicalOrder)
    {
        var level = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance) { [topologicalOrder[^1]] = 0 };
        for (var i = topologicalOrder.Count - 1; i >= 0; i--)
        {
            var node = topologicalOrder[i];
            var own = level.GetValueOrDefault(node);
            foreach (var child in node.Children)
            {
                level[child] = Math.Max(level.GetValueOrDefault(child), own + 1);
            }
        }
        return level;
    }

    /// <summary>One line segment in a trace that holds many: NaN breaks the line between segments.</summary>
    private static void AddSegment(List<double> xs, List<double> ys, (double X, double Y) from, (double X, double Y) to)
    {
        xs.AddRange([from.X, to.X, double.NaN]);
        ys.AddRange([from.Y, to.Y, double.NaN]);
    }
}

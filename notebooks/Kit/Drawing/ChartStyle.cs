using Plotly.NET;
using Plotly.NET.LayoutObjects;

namespace DeepLearning.Notebooks.Drawing;

/// <summary>
/// Small additions to Plotly.NET's C# bindings that the chapters use everywhere. Plotly.NET's F# builders take
/// dozens of optional arguments that C# must spell out, so these set the one plotly.js property they need.
/// </summary>
public static class ChartStyle
{
    /// <summary>Sets the chart's title (the C# bindings have no Title extension; this calls Plotly.NET's F# one).</summary>
    public static GenericChart Titled(this GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, TitleFont: null).Invoke(chart);

    /// <summary>Hides both axes: for diagrams, where the coordinates mean nothing.</summary>
    public static GenericChart WithoutAxes(this GenericChart chart)
    {
        chart = Plotly.NET.Chart.withXAxis(Axis(("visible", false)), Id: null).Invoke(chart);
        return Plotly.NET.Chart.withYAxis(Axis(("visible", false)), Id: null).Invoke(chart);
    }

    /// <summary>Hides both axes and fixes their ranges, so that a diagram's cells keep their places and sizes.</summary>
    public static GenericChart WithHiddenAxes(this GenericChart chart, (double Min, double Max) x, (double Min, double Max) y)
    {
        chart = Plotly.NET.Chart.withXAxis(Axis(("visible", false), ("range", new[] { x.Min, x.Max })), Id: null).Invoke(chart);
        return Plotly.NET.Chart.withYAxis(Axis(("visible", false), ("range", new[] { y.Min, y.Max })), Id: null).Invoke(chart);
    }

    /// <summary>Log-scaled x and y axes with titles, for error-versus-step-size plots.</summary>
    public static GenericChart WithLogAxes(this GenericChart chart, string xTitle, string yTitle)
    {
        chart = Plotly.NET.Chart.withXAxis(Axis(("type", "log"), ("title", AxisTitle(xTitle))), Id: null).Invoke(chart);
        return Plotly.NET.Chart.withYAxis(Axis(("type", "log"), ("title", AxisTitle(yTitle))), Id: null).Invoke(chart);
    }

    /// <summary>A linear x axis and a log-scaled y axis, with titles, for quantities that shrink or grow geometrically.</summary>
    public static GenericChart WithLogYAxis(this GenericChart chart, string xTitle, string yTitle)
    {
        chart = Plotly.NET.Chart.withXAxis(Axis(("title", AxisTitle(xTitle))), Id: null).Invoke(chart);
        return Plotly.NET.Chart.withYAxis(Axis(("type", "log"), ("title", AxisTitle(yTitle))), Id: null).Invoke(chart);
    }

    /// <summary>Titles for both axes.</summary>
    public static GenericChart WithAxisTitles(this GenericChart chart, string xTitle, string yTitle)
    {
        chart = Plotly.NET.Chart.withXAxis(Axis(("title", AxisTitle(xTitle))), Id: null).Invoke(chart);
        return Plotly.NET.Chart.withYAxis(Axis(("title", AxisTitle(yTitle))), Id: null).Invoke(chart);
    }

    private static LinearAxis Axis(params (string Name, object Value)[] properties)
    {
        var axis = new LinearAxis();
        foreach (var (name, value) in properties)
        {
            axis.SetProperty(name, value);
        }
        return axis;
    }

    private static Title AxisTitle(string text)
    {
        var title = new Title();
        title.SetProperty("text", text);
        return title;
    }
}

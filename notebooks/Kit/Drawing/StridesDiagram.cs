using Plotly.NET;

namespace DeepLearning.Notebooks.Drawing;

/// <summary>
/// Shows how a view reads its storage: the flat storage as one row of numbered cells (grey where the view does not
/// read), and the view as a grid whose every cell shows the storage position it reads,
/// offset + i·stride₀ + j·stride₁. Equal positions get equal colours.
/// </summary>
public static class StridesDiagram
{
    /// <param name="view">A tensor of rank 1 or 2.</param>
    /// <param name="storageLength">How many elements the underlying storage holds.</param>
    /// <param name="title">What the view is, e.g. "x.T"; the shape, strides and offset are added.</param>
    public static GenericChart Draw(Tensor view, int storageLength, string title)
    {
        if (view.Rank is < 1 or > 2)
        {
            throw new ArgumentException($"StridesDiagram draws views of rank 1 or 2; this one has shape {view.ShapeText}.");
        }
        var matrix = view.Rank == 1 ? view.Unsqueeze(0) : view;
        var strides = matrix.Strides;
        var positions = Enumerable.Range(0, matrix.Size(0))
            .Select(i => Enumerable.Range(0, matrix.Size(1)).Select(j => (double)(view.Offset + i * strides[0] + j * strides[1])).ToArray())
            .ToArray();
        var used = positions.SelectMany(row => row).ToHashSet();
        var storageRow = Enumerable.Range(0, storageLength).Select(p => used.Contains(p) ? p : double.NaN).ToArray();
        var storage = new CellPanel("storage", [storageRow], [Enumerable.Range(0, storageLength).Select(p => p.ToString()).ToArray()]);
        var grid = new CellPanel("the view", positions, positions.Select(row => row.Select(p => p.ToString()).ToArray()).ToArray());
        return CellGridChart.Draw($"{title}: shape {view.ShapeText}, strides ({string.Join(",", view.Strides)}), offset {view.Offset}", storage, grid);
    }
}

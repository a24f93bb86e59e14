using System.Globalization;
using System.Text;

namespace DeepLearning;

/// <summary>
/// Prints a tensor the way PyTorch does: <c>tensor([[ 1.0000, -2.5000], ...])</c>, every number in one
/// format and width, integers as <c>1.</c>, scientific notation when magnitudes are far apart, and only the
/// first and last three entries of each axis once the tensor has more than 1000 elements.
/// </summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;

    public static string Format(Tensor tensor)
    {
        var summarize = tensor.ElementCount > SummarizeAbove;
        var values = tensor.ToArray();
        var shape = tensor.Shape;
        var formatNumber = ChooseNumberFormat(values);
        var width = values.Length == 0 ? 0 : values.Max(v => formatNumber(v).Length);
        var text = new StringBuilder("tensor(");
        if (shape.Length == 0)
        {
            text.Append(formatNumber(values[0]));
        }
        else
        {
            AppendAxis(text, values, shape, Shapes.ContiguousStrides(shape), 0, 0, summarize, v => formatNumber(v).PadLeft(width));
        }
        if (tensor.GradFn is { } gradFn)
        {
            text.Append($", grad_fn=<{gradFn.OpName}>");
        }
        else if (tensor.RequiresGrad)
        {
            text.Append(", requires_grad=True");
        }
        return text.Append(')').ToString();
    }

    private static void AppendAxis(StringBuilder text, float[] values, int[] shape, int[] strides, int axis, int start,
        bool summarize, Func<float, string> formatNumber)
    {
        var indent = new string(' ', "tensor(".Length + axis + 1);
        var size = shape[axis];
        var isLast = axis == shape.Length - 1;
        var separator = isLast ? ", " : "," + new string('\n', shape.Length - axis - 1) + indent;
        text.Append('[');
        for (var i = 0; i < size; i++)
        {
            if (summarize && size > 2 * EdgeItems && i == EdgeItems)
            {
                text.Append("...").Append(separator);
                i = size - EdgeItems;
            }
            if (isLast)
            {
                text.Append(formatNumber(values[start + i * strides[axis]]));
            }
            else
            {
                AppendAxis(text, values, shape, strides, axis + 1, start + i * strides[axis], summarize, formatNumber);
            }
            if (i < size - 1)
            {
                text.Append(separator);
            }
        }
        text.Append(']');
    }

    private static Func<float, string> ChooseNumberFormat(float[] values)
    {
        var finite = values.Where(float.IsFinite).Select(MathF.Abs).ToArray();
        var nonZero = finite.Where(v => v > 0).ToArray();
        if (finite.All(v => v == MathF.Round(v)) && (finite.Length == 0 || finite.Max() < 1e8f))
        {
            return v => Special(v) ?? v.ToString("0", CultureInfo.InvariantCulture) + ".";
        }
        var scientific = nonZero.Length > 0 && (nonZero.Max() / nonZero.Min() > 1000 || nonZero.Max() > 1e8f || nonZero.Min() < 1e-4f);
        return scientific
            ? v => Special(v) ?? v.ToString("0.0000e+00", CultureInfo.InvariantCulture)
            : v => Special(v) ?? v.ToString("0.0000", CultureInfo.InvariantCulture);
    }

    private static string? Special(float v) =>
        float.IsNaN(v) ? "nan" : float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf" : null;
}

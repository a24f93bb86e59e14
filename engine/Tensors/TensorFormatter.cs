using System.Globalization;
using System.Text;

namespace DeepLearning;

/// <summary>
/// Prints a tensor the way PyTorch does: <c>tensor([[ 1.0000, -2.5000], ...])</c>, every number in one
/// format and width, integers as <c>1.</c>, scientific notation when magnitudes are far apart, and only the
/// first and last three entries of each axis once the tensor has more than 1000 elements, rows wrapped at
/// 80 columns. The rules are those of PyTorch's <c>torch/_tensor_str.py</c>; one difference remains: a
/// grad_fn is shown by the engine's op name (<c>grad_fn=&lt;mul&gt;</c>), not PyTorch's class name (MulBackward0).
/// </summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;
    private const int LineWidth = 80;
    private const string Prefix = "tensor(";

    public static string Format(Tensor tensor)
    {
        var shape = tensor.Shape;
        var values = tensor.ToArray();
        var suffixes = new List<string>();
        var text = new StringBuilder(Prefix);
        if (values.Length == 0)
        {
            // As PyTorch: an empty tensor prints as [], followed by its shape unless it is 1-D.
            text.Append("[]");
            if (shape.Length != 1)
            {
                suffixes.Add($"size=({string.Join(", ", shape)})");
            }
        }
        else
        {
            var summarize = values.Length > SummarizeAbove;
            // The format is chosen from the values that are shown, so hidden ones cannot widen the columns.
            var number = ChooseNumberFormat(summarize ? ShownValues(values, shape) : values);
            if (shape.Length == 0)
            {
                text.Append(number.Format(values[0]));
            }
            else
            {
                AppendAxis(text, values, shape, Shapes.ContiguousStrides(shape), 0, 0, summarize, number);
            }
        }
        if (!tensor.Device.IsCpu)
        {
            suffixes.Add($"device='{tensor.Device.Name}'");
        }
        if (tensor.GradFn is { } gradFn)
        {
            suffixes.Add($"grad_fn=<{gradFn.OpName}>");
        }
        else if (tensor.RequiresGrad)
        {
            suffixes.Add("requires_grad=True");
        }
        return AppendSuffixes(text, suffixes);
    }

    private static void AppendAxis(StringBuilder text, float[] values, int[] shape, int[] strides, int axis, int start,
        bool summarize, NumberFormat number)
    {
        // PyTorch's indent: the prefix, plus one column for each enclosing bracket.
        var indent = Prefix.Length + axis;
        var continuation = new string(' ', indent + 1);
        var shown = ShownIndices(shape[axis], summarize);
        var skipsMiddle = shown.Length < shape[axis];
        if (axis == shape.Length - 1)
        {
            var items = shown.Select(i => number.Format(values[start + i * strides[axis]])).ToList();
            if (skipsMiddle)
            {
                items.Insert(EdgeItems, " ...");
            }
            // Wrap a long row: as many items a line as fit in the line width, each with its ", ".
            var perLine = Math.Max(1, (LineWidth - indent) / (number.Width + 2));
            var lines = items.Chunk(perLine).Select(line => string.Join(", ", line));
            text.Append('[').AppendJoin(",\n" + continuation, lines).Append(']');
            return;
        }
        var separator = "," + new string('\n', shape.Length - axis - 1) + continuation;
        text.Append('[');
        for (var k = 0; k < shown.Length; k++)
        {
            if (k > 0)
            {
                text.Append(separator);
            }
            if (skipsMiddle && k == EdgeItems)
            {
                text.Append("...").Append(separator);
            }
            AppendAxis(text, values, shape, strides, axis + 1, start + shown[k] * strides[axis], summarize, number);
        }
        text.Append(']');
    }

    /// <summary>The indices shown along an axis: all, or the first and last three once summarizing.</summary>
    private static int[] ShownIndices(int size, bool summarize) =>
        summarize && size > 2 * EdgeItems
            ? [.. Enumerable.Range(0, EdgeItems), .. Enumerable.Range(size - EdgeItems, EdgeItems)]
            : [.. Enumerable.Range(0, size)];

    /// <summary>The values that a summarized print shows, as PyTorch's get_summarized_data.</summary>
    private static float[] ShownValues(float[] values, int[] shape)
    {
        var strides = Shapes.ContiguousStrides(shape);
        var shown = new List<float>();
        Collect(0, 0);
        return [.. shown];

        void Collect(int axis, int start)
        {
            foreach (var i in ShownIndices(shape[axis], summarize: true))
            {
                if (axis == shape.Length - 1)
                {
                    shown.Add(values[start + i * strides[axis]]);
                }
                else
                {
                    Collect(axis + 1, start + i * strides[axis]);
                }
            }
        }
    }

    /// <summary>Appends ", requires_grad=True" and the like, on a new line where the current one would pass the width.</summary>
    private static string AppendSuffixes(StringBuilder text, List<string> suffixes)
    {
        // PyTorch's own arithmetic, "+ 1" included (it counts from the newline's index).
        var current = text.ToString();
        var lastLineLength = current.Length - current.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > LineWidth)
            {
                text.Append(",\n").Append(' ', Prefix.Length).Append(suffix);
                lastLineLength = Prefix.Length + suffix.Length;
            }
            else
            {
                text.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }
        return text.Append(')').ToString();
    }

    /// <summary>
    /// PyTorch's choice of number format, made from the finite non-zero values only: integers as "1.";
    /// scientific when the largest magnitude is over 1000 times the smallest or above 1e8 (or, for
    /// non-integers, the smallest is below 1e-4); otherwise four decimals. Every number is padded to the
    /// widest of those values; zeros, nan and inf are padded but never widen the columns.
    /// </summary>
    private static NumberFormat ChooseNumberFormat(float[] values)
    {
        var nonZeroFinite = values.Where(v => float.IsFinite(v) && v != 0).Select(v => (double)v).ToArray();
        if (nonZeroFinite.Length == 0)
        {
            return new NumberFormat(1, v => Special(v) ?? Integer(v));
        }
        var largest = nonZeroFinite.Max(Math.Abs);
        var smallest = nonZeroFinite.Min(Math.Abs);
        var integers = nonZeroFinite.All(v => v == Math.Ceiling(v));
        var scientific = largest / smallest > 1000 || largest > 1e8 || (!integers && smallest < 1e-4);
        Func<double, string> style = scientific ? Scientific : integers ? Integer : Fixed;
        return new NumberFormat(nonZeroFinite.Max(v => style(v).Length), v => Special(v) ?? style(v));
    }

    // Formatted from the exact double value of the float: float's own custom formatting keeps only 7 digits.
    private static string Integer(double v) => v.ToString("0", CultureInfo.InvariantCulture) + ".";

    private static string Fixed(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Scientific(double v) => v.ToString("0.0000e+00", CultureInfo.InvariantCulture);

    private static string? Special(float v) =>
        float.IsNaN(v) ? "nan" : float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf" : null;

    /// <summary>How every number of one tensor is written, and the column width it is padded to.</summary>
    private sealed record NumberFormat(int Width, Func<float, string> Write)
    {
        public string Format(float value) => Write(value).PadLeft(Width);
    }
}

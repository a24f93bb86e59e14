namespace DeepLearning;

// Softmax and log-softmax as single ops: one pass of the backend over each row (max, then the sum of e^(x-m),
// then the outputs) instead of five element-wise and reduction ops, with the backward written out.
// Taught in chapter 3, section 3.4 (notebooks/03-backpropagation-through-tensors.ipynb); the same row softmax as a GPU
// kernel in section 10.7 (notebooks/10-gpu-kernels-with-ilgpu.ipynb).
public sealed partial class Tensor
{
    /// <summary>
    /// log softmax(x)_j = x_j - m - log Σ_i e^(x_i - m) along <paramref name="axis"/>, m the maximum (so large x
    /// do not overflow). Backward: dx = g - softmax(x) · Σ_j g_j.
    /// </summary>
    public Tensor LogSoftmax(int axis = -1) => SoftmaxAlong("log_softmax", axis, logarithm: true);

    /// <summary>
    /// softmax(x)_j = e^(x_j - m) / Σ_i e^(x_i - m) along <paramref name="axis"/>: positive, sums to 1.
    /// Backward: dx = y ⊙ (g - Σ_j g_j y_j), y the output.
    /// </summary>
    public Tensor Softmax(int axis = -1) => SoftmaxAlong("softmax", axis, logarithm: false);

    private Tensor SoftmaxAlong(string op, int axis, bool logarithm)
    {
        var a = Shapes.NormalizeAxis(op, axis, _shape);
        // The backend works on rows: move the axis last and make it contiguous (no copy when it already is).
        Tensor rows;
        using (Autograd.NoGrad())
        {
            rows = (a == Rank - 1 ? this : Transpose(a, -1)).Contiguous();
        }
        var result = SoftmaxOfRows(rows, a, logarithm);
        var output = result.Detach();
        return Record(result, op, [this], g => logarithm
            // softmax(x) from the rows again rather than e^(log softmax), whose rounding would leave
            // a residue where the gradient is exactly 0 (the true class of a confident prediction).
            ? [g - SoftmaxOfRows(rows, a, logarithm: false) * g.Sum(a, keepDims: true)]
            : [output * (g - (g * output).Sum(a, keepDims: true))]);
    }

    /// <summary>Softmax (or its log) of contiguous <paramref name="rows"/>, returned with the axis back in place <paramref name="axis"/>.</summary>
    private static Tensor SoftmaxOfRows(Tensor rows, int axis, bool logarithm)
    {
        var device = rows.Device;
        var values = NewStorage(rows.ElementCount, device);
        var length = rows._shape[^1];
        if (rows.ElementCount > 0)
        {
            device.Backend.SoftmaxRows(rows.ReadContiguous(), values, rows.ElementCount / length, length, logarithm);
        }
        var moved = new Tensor(values, rows.Shape);
        return axis == rows.Rank - 1 ? moved : moved.Transpose(axis, -1);
    }
}

using System.Numerics.Tensors;
using DeepLearning.Backends;

namespace DeepLearning;

// Reductions over any set of axes. Axes may be negative (-1 is the last); null means all axes.
// With keepDims the reduced axes stay as size 1, so the result still broadcasts against the input.
// Taught in chapter 3, section 3.3 (notebooks/03-backpropagation-through-tensors.ipynb), where a broadcast's
// backward is a sum; LogSumExp in section 3.4 (notebooks/03-backpropagation-through-tensors.ipynb).
public sealed partial class Tensor
{
    /// <summary>y = Σ x over the axes;  dy/dx = 1, so each input element receives the gradient of its sum.</summary>
    public Tensor Sum(int[]? axes = null, bool keepDims = false)
    {
        var mask = Shapes.AxisMask("sum", axes, _shape);
        var kept = Reductions.Reduce<SumReduction>(this, mask);
        return Record(Reductions.DropReducedAxes(kept, mask, keepDims), "sum", [this],
            g => [g.Reshape(kept.Shape).Expand(_shape)]);
    }

    public Tensor Sum(int axis, bool keepDims = false) => Sum([axis], keepDims);

    /// <summary>The mean over the axes, composed as Σ x / n.</summary>
    public Tensor Mean(int[]? axes = null, bool keepDims = false)
    {
        var mask = Shapes.AxisMask("mean", axes, _shape);
        var count = 1;
        for (var axis = 0; axis < Rank; axis++)
        {
            count *= mask[axis] ? _shape[axis] : 1;
        }
        return Sum(axes, keepDims) / count;
    }

    public Tensor Mean(int axis, bool keepDims = false) => Mean([axis], keepDims);

    /// <summary>
    /// y = max x over the axes;  dy/dx = 1 at the maximum, 0 elsewhere. When several elements tie for the
    /// maximum they share the gradient equally (as <c>torch.amax</c>).
    /// </summary>
    public Tensor Max(int[]? axes = null, bool keepDims = false)
    {
        var mask = Shapes.AxisMask("max", axes, _shape);
        if (ElementCount == 0)
        {
            throw new ArgumentException($"max: cannot take the maximum of an empty tensor of shape {ShapeText}");
        }
        var kept = Reductions.Reduce<MaxReduction>(this, mask);
        return Record(Reductions.DropReducedAxes(kept, mask, keepDims), "max", [this], g =>
        {
            var isMax = Elementwise.Zip<EqualFunction>("max", this, kept);
            var share = isMax / isMax.Sum(axes, keepDims: true);
            return [g.Reshape(kept.Shape) * share];
        });
    }

    public Tensor Max(int axis, bool keepDims = false) => Max([axis], keepDims);

    /// <summary>
    /// The index of the largest element along one axis (the first, where several tie), as float values; a NaN
    /// counts as larger than every number (the first NaN wins, as torch.argmax, in line with <see cref="Max(int[], bool)"/>
    /// giving NaN). Not differentiable.
    /// </summary>
    public Tensor ArgMax(int axis, bool keepDims = false)
    {
        var normalized = Shapes.NormalizeAxis("argmax", axis, _shape);
        if (_shape[normalized] == 0)
        {
            throw new ArgumentException($"argmax: axis {axis} of shape {ShapeText} is empty");
        }
        var moved = Transpose(normalized, -1).Contiguous();
        var length = _shape[normalized];
        var device = Device;
        var result = NewStorage(ElementCount / length, device);
        device.Backend.ArgMaxRows(moved.ReadContiguous(), result.Length, length, result);
        var rowShape = moved.Shape[..^1];
        var flat = new Tensor(result, rowShape);
        var restored = flat.Unsqueeze(-1).Transpose(normalized, -1).Contiguous();
        return keepDims ? restored : restored.Squeeze(normalized);
    }

    /// <summary>
    /// log Σ e^x over the axes, computed stably as m + log Σ e^(x-m) with m = max x, so large x do not
    /// overflow. Its gradient is softmax(x).
    /// </summary>
    public Tensor LogSumExp(int[]? axes = null, bool keepDims = false)
    {
        var mask = Shapes.AxisMask("logsumexp", axes, _shape);
        Tensor shift;
        using (Autograd.NoGrad())
        {
            // m is a constant for autograd: the result does not depend on it, only its rounding does. An empty
            // tensor has no maximum: its sums of no terms are 0, so the result is log 0 = -∞, as in PyTorch.
            shift = ElementCount == 0
                ? Reductions.Reduce<SumReduction>(this, mask)
                : Elementwise.Map<FiniteOrZeroFunction>(Max(axes, keepDims: true));
        }
        var result = (this - shift).Exp().Sum(axes, keepDims: true).Log() + shift;
        return Reductions.DropReducedAxes(result, mask, keepDims);
    }

    public Tensor LogSumExp(int axis, bool keepDims = false) => LogSumExp([axis], keepDims);

    private readonly struct SumReduction : IReduction
    {
        public static float Identity => 0;

        public static double Combine(double accumulator, float x) => accumulator + x;

        public static float Fold(ReadOnlySpan<float> run) => TensorPrimitives.Sum(run);

        public static void CombineInto(ReadOnlySpan<float> x, Span<float> accumulators) => TensorPrimitives.Add(accumulators, x, accumulators);
    }

    /// <summary>A NaN wins (it propagates, as in PyTorch); TensorPrimitives.Max propagates NaN the same way.</summary>
    private readonly struct MaxReduction : IReduction
    {
        public static float Identity => float.NegativeInfinity;

        public static double Combine(double accumulator, float x) => float.IsNaN(x) || x > accumulator ? x : accumulator;

        public static float Fold(ReadOnlySpan<float> run) => TensorPrimitives.Max(run);

        public static void CombineInto(ReadOnlySpan<float> x, Span<float> accumulators) => TensorPrimitives.Max(accumulators, x, accumulators);
    }

    private readonly struct EqualFunction : IBinaryFunction
    {
        public static float Apply(float a, float b) => a == b ? 1 : 0;

        public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => ScalarLoops.Zip<EqualFunction>(a, b, y);

        public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => ScalarLoops.Zip<EqualFunction>(a, b, y);

        public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => ScalarLoops.Zip<EqualFunction>(a, b, y);
    }

    private readonly struct FiniteOrZeroFunction : IUnaryFunction
    {
        public static float Apply(float x) => float.IsFinite(x) ? x : 0;

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => ScalarLoops.Map<FiniteOrZeroFunction>(x, y);
    }
}

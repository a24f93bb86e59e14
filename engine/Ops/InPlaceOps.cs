using System.Numerics.Tensors;
using DeepLearning.Backends;

namespace DeepLearning;

// In-place updates, for optimizers: they change a tensor's values without recording anything, so they
// belong on parameters (leaves) between steps, never inside a computation that is being differentiated.
// Taught in chapter 4, section 4.4 (notebooks/04-layers-and-an-mlp.ipynb), in the update of task 4.3.
public sealed partial class Tensor
{
    /// <summary>this ← this + scale · other (other broadcast to this shape). Not recorded.</summary>
    public void AddInPlace(Tensor other, float scale = 1)
    {
        EnsureWritable("add_");
        var shape = Shapes.Broadcast("add_", _shape, other._shape);
        if (!shape.AsSpan().SequenceEqual(_shape))
        {
            throw new ArgumentException($"add_: a tensor of shape {other.ShapeText} cannot be added into one of shape {ShapeText}");
        }
        // Scaled first, into a separate array: other may be this very tensor (x ← x + s·x).
        var device = DeviceOf("add_", this, other);
        var scaled = NewStorage(ElementCount, device);
        device.Backend.Map<ScaleFunction>(other.BroadcastTo(shape), scale, StridedView.RowMajor(scaled, shape));
        device.Backend.Zip<AddFunction>(Strided, StridedView.RowMajor(scaled, shape), Strided);
    }

    /// <summary>x ← s·x, element by element, on this tensor's device.</summary>
    public void ScaleInPlace(float scale)
    {
        EnsureWritable("mul_");
        Device.Backend.Map<ScaleFunction>(Strided, scale, Strided);
    }

    /// <summary>this ← value everywhere. Not recorded.</summary>
    public void Fill(float value)
    {
        EnsureWritable("fill_");
        // y = value whatever x is: this tensor is both input and output, so no operand has to be made first.
        Device.Backend.Map<FillFunction>(Strided, value, Strided);
    }

    /// <summary>
    /// Writing into a tensor that an op recorded would silently corrupt the values its backward reads, so
    /// only leaves may be changed in place.
    /// </summary>
    private void EnsureWritable(string op)
    {
        if (GradFn is not null)
        {
            throw new InvalidOperationException(
                $"{op}: this tensor is the output of '{GradFn.OpName}' and its value is needed for backward; only leaves (data, parameters) can be changed in place");
        }
    }

    /// <summary>y = value, whatever x is.</summary>
    private readonly struct FillFunction : IUnaryFunctionWithParameter
    {
        public static float Apply(float x, float value) => value;

        public static void Apply(ReadOnlySpan<float> x, float value, Span<float> y) => y.Fill(value);
    }

    /// <summary>y = s·x.</summary>
    private readonly struct ScaleFunction : IUnaryFunctionWithParameter
    {
        public static float Apply(float x, float scale) => scale * x;

        public static void Apply(ReadOnlySpan<float> x, float scale, Span<float> y) => TensorPrimitives.Multiply(x, scale, y);
    }
}

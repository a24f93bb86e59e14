using System.Numerics.Tensors;
using DeepLearning.Backends;

namespace DeepLearning;

// In-place updates, for optimizers: they change a tensor's values without recording anything, so they
// belong on parameters (leaves) between steps, never inside a computation that is being differentiated.
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
        var scaled = NewStorage(ElementCount);
        Backend.Current.Map<ScaleFunction>(other.BroadcastTo(shape), scale, StridedView.RowMajor(scaled, shape));
        Backend.Current.Zip<AddFunction>(Strided, StridedView.RowMajor(scaled, shape), Strided);
    }

    /// <summary>this ← value everywhere. Not recorded.</summary>
    public void Fill(float value)
    {
        EnsureWritable("fill_");
        Backend.Current.Map<IdentityFunction>(Scalar(value).BroadcastTo(_shape), Strided);
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

    /// <summary>y = s·x.</summary>
    private readonly struct ScaleFunction : IUnaryFunctionWithParameter
    {
        public static float Apply(float x, float scale) => scale * x;

        public static void Apply(ReadOnlySpan<float> x, float scale, Span<float> y) => TensorPrimitives.Multiply(x, scale, y);
    }
}

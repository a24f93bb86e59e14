using System.Numerics.Tensors;
using DeepLearning.Backends;

namespace DeepLearning;

// Element-wise functions of two tensors, broadcast together by NumPy's rules. In the backward, a gradient is
// summed back down to its input's shape (SumToShape, in Broadcasting.cs): an input that was broadcast was read
// many times, and each read contributes to its gradient.
// Taught in chapter 3, section 3.3 (notebooks/03-backpropagation-through-tensors.ipynb); the broadcasting rule itself in
// section 2.4 (notebooks/02-tensors.ipynb).
public sealed partial class Tensor
{
    /// <summary>c = a + b;  dc/da = 1, dc/db = 1.</summary>
    public static Tensor operator +(Tensor a, Tensor b) =>
        Record(Elementwise.Zip<AddFunction>("add", a, b), "add", [a, b],
            g => [g.SumToShape(a._shape), g.SumToShape(b._shape)]);

    /// <summary>c = a * b;  dc/da = b, dc/db = a.</summary>
    public static Tensor operator *(Tensor a, Tensor b) =>
        Record(Elementwise.Zip<MultiplyFunction>("mul", a, b), "mul", [a, b],
            g => [(g * b).SumToShape(a._shape), (g * a).SumToShape(b._shape)]);

    /// <summary>c = a / b;  dc/da = 1/b, dc/db = -a/b².</summary>
    public static Tensor operator /(Tensor a, Tensor b) =>
        Record(Elementwise.Zip<DivideFunction>("div", a, b), "div", [a, b],
            g => [(g / b).SumToShape(a._shape), (-g * a / (b * b)).SumToShape(b._shape)]);

    /// <summary>c = a - b, composed as a + (-b).</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a + b.Neg();

    public static Tensor operator -(Tensor x) => x.Neg();

    public static Tensor operator +(Tensor a, float b) => a + Scalar(b, a.Device);

    public static Tensor operator +(float a, Tensor b) => Scalar(a, b.Device) + b;

    public static Tensor operator -(Tensor a, float b) => a + Scalar(-b, a.Device);

    public static Tensor operator -(float a, Tensor b) => Scalar(a, b.Device) - b;

    public static Tensor operator *(Tensor a, float b) => a * Scalar(b, a.Device);

    public static Tensor operator *(float a, Tensor b) => Scalar(a, b.Device) * b;

    public static Tensor operator /(Tensor a, float b) => a / Scalar(b, a.Device);

    public static Tensor operator /(float a, Tensor b) => Scalar(a, b.Device) / b;


    private readonly struct AddFunction : IBinaryFunction
    {
        public static float Apply(float a, float b) => a + b;

        public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Add(a, b, y);

        public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Add(a, b, y);

        public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Add(b, a, y);
    }

    private readonly struct MultiplyFunction : IBinaryFunction
    {
        public static float Apply(float a, float b) => a * b;

        public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);

        public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);

        public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(b, a, y);
    }

    private readonly struct DivideFunction : IBinaryFunction
    {
        public static float Apply(float a, float b) => a / b;

        public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Divide(a, b, y);

        public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Divide(a, b, y);

        public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Divide(a, b, y);
    }
}

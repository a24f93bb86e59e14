using DeepLearning.Backends;

namespace DeepLearning;

/// <summary>
/// The element-wise ops' common part: allocate the result, broadcast the operands, and let the device's backend
/// run the function over every element (see <see cref="IBackend.Map{TFunction}(StridedView, StridedView)"/>).
/// </summary>
/// <remarks>Taught in chapter 2, section 2.4 (notebooks/02-tensors.ipynb): a broadcast operand is read with stride 0.</remarks>
internal static class Elementwise
{
    public static Tensor Map<TFunction>(Tensor x) where TFunction : IUnaryFunction
    {
        var device = x.Device;
        var result = Tensor.NewStorage(x.ElementCount, device);
        device.Backend.Map<TFunction>(x.Strided, StridedView.RowMajor(result, x.Shape));
        return new Tensor(result, x.Shape);
    }

    public static Tensor Map<TFunction>(Tensor x, float parameter) where TFunction : IUnaryFunctionWithParameter
    {
        var device = x.Device;
        var result = Tensor.NewStorage(x.ElementCount, device);
        device.Backend.Map<TFunction>(x.Strided, parameter, StridedView.RowMajor(result, x.Shape));
        return new Tensor(result, x.Shape);
    }

    public static Tensor Zip<TFunction>(string op, Tensor a, Tensor b) where TFunction : IBinaryFunction
    {
        var shape = Shapes.Broadcast(op, a.ShapeSpan, b.ShapeSpan);
        var device = Tensor.DeviceOf(op, a, b);
        var result = Tensor.NewStorage(Shapes.ElementCount(shape), device);
        device.Backend.Zip<TFunction>(a.BroadcastTo(shape), b.BroadcastTo(shape), StridedView.RowMajor(result, shape));
        return new Tensor(result, shape);
    }
}

/// <summary>y = x: a copy from one layout into another (<see cref="Tensor.Contiguous"/>, <see cref="Tensor.CopyFrom"/>).</summary>
internal readonly struct IdentityFunction : IUnaryFunction
{
    public static float Apply(float x) => x;

    public static void Apply(ReadOnlySpan<float> x, Span<float> y) => x.CopyTo(y);
}

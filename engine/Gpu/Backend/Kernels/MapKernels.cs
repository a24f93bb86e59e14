using DeepLearning.Backends;
using ILGPU;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>
/// Element-wise kernels: y = f(x), y = f(x; p), y = f(a, b), generic over the engine's element functions, so
/// that <c>TFunction.Apply</c> (a static abstract interface member) is the very code the CPU backends run,
/// compiled by ILGPU for the device. Each comes twice: a strided version that finds every operand's element
/// through its <see cref="OperandStrides"/> (any layout, broadcasting with stride 0), and a contiguous one
/// for the common case where every operand is one dense run.
/// </summary>
/// <remarks>
/// Napkin math: 4 bytes read an operand and 4 written an element, and a handful of flops, so these are
/// bound by memory bandwidth: a (512, 256) add moves 1.5 MiB, under a microsecond at 3 TB/s on an H100 (the
/// launch itself costs a few). Grid-stride loops: thread t handles elements t, t + T, t + 2T... (T threads in
/// the grid), so a warp touches consecutive elements (coalesced) and a grid sized to the device does any size.
/// </remarks>
public static class MapKernels
{
    public static void Map<TFunction>(ArrayView<float> x, OperandStrides xAt, ArrayView<float> y, OperandStrides yAt, LaunchShape shape)
        where TFunction : IUnaryFunction
    {
        for (var i = Grid.GlobalIndex.X; i < shape.Count; i += Grid.DimX * Group.DimX)
        {
            var index = shape.Unravel(i);
            y[yAt.Locate(index)] = TFunction.Apply(x[xAt.Locate(index)]);
        }
    }

    public static void MapContiguous<TFunction>(ArrayView<float> x, ArrayView<float> y, int count) where TFunction : IUnaryFunction
    {
        for (var i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            y[i] = TFunction.Apply(x[i]);
        }
    }

    public static void MapWithParameter<TFunction>(
        ArrayView<float> x, OperandStrides xAt, float parameter, ArrayView<float> y, OperandStrides yAt, LaunchShape shape)
        where TFunction : IUnaryFunctionWithParameter
    {
        for (var i = Grid.GlobalIndex.X; i < shape.Count; i += Grid.DimX * Group.DimX)
        {
            var index = shape.Unravel(i);
            y[yAt.Locate(index)] = TFunction.Apply(x[xAt.Locate(index)], parameter);
        }
    }

    public static void MapWithParameterContiguous<TFunction>(ArrayView<float> x, float parameter, ArrayView<float> y, int count)
        where TFunction : IUnaryFunctionWithParameter
    {
        for (var i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            y[i] = TFunction.Apply(x[i], parameter);
        }
    }

    public static void Zip<TFunction>(
        ArrayView<float> a, OperandStrides aAt, ArrayView<float> b, OperandStrides bAt, ArrayView<float> y, OperandStrides yAt, LaunchShape shape)
        where TFunction : IBinaryFunction
    {
        for (var i = Grid.GlobalIndex.X; i < shape.Count; i += Grid.DimX * Group.DimX)
        {
            var index = shape.Unravel(i);
            y[yAt.Locate(index)] = TFunction.Apply(a[aAt.Locate(index)], b[bAt.Locate(index)]);
        }
    }

    public static void ZipContiguous<TFunction>(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, int count)
        where TFunction : IBinaryFunction
    {
        for (var i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            y[i] = TFunction.Apply(a[i], b[i]);
        }
    }
}

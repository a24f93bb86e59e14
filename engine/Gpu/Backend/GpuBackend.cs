using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

/// <summary>
/// The engine's loops as ILGPU kernels, for the tensors of one <see cref="GpuDevice"/>: every operand array
/// is a handle whose values are in device memory, and every method queues kernels on the device's stream and
/// returns without waiting. The element-wise kernels and reductions are generic over the engine's element
/// functions, so each function is the same code on every backend.
/// </summary>
/// <remarks>
/// The float arrays passed in must be storage of this device (anything else is an error, never a silent
/// copy); int arrays are host arrays: gather indices and matmul offset tables are uploaded at each call
/// (counted in the device's transfers), and max-pool winners stay on the device between the forward and the
/// backward.
/// </remarks>
public sealed partial class GpuBackend : IBackend
{
    private const int GroupSize = AcceleratorSession.GroupSize;

    private readonly GpuDevice _device;
    private readonly int _gridStrideGroups;

    /// <summary>How this backend's kernels share out their work among threads, its group size included.</summary>
    private readonly LaunchPlan _plan;

    internal GpuBackend(GpuDevice device, LaunchPlan plan)
    {
        _device = device;
        _plan = plan;
        _gridStrideGroups = Math.Max(1, Grids.ResidentGroups(device.Accelerator) * (GroupSize / plan.GroupSize));
    }

    public string Name => "gpu";

    public override string ToString() => $"{Name} ({_device.Name})";

    public void Map<TFunction>(StridedView x, StridedView y) where TFunction : IUnaryFunction
    {
        if (!Begin(y.ElementCount))
        {
            return;
        }
        ArrayView<float> xs = Buffer(x.Storage, "map"), ys = Buffer(y.Storage, "map");
        Span<OperandStrides> at = stackalloc OperandStrides[2];
        var shape = Layout(y.Shape, [x.Strides, y.Strides], [x.Offset, y.Offset], at);
        if (IsDense(shape, at))
        {
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, int>(MapKernels.MapContiguous<TFunction>)(
                GridStride(shape.Count), xs.SubView(x.Offset, shape.Count), ys.SubView(y.Offset, shape.Count), shape.Count);
            return;
        }
        _device.Kernels.Load<ArrayView<float>, OperandStrides, ArrayView<float>, OperandStrides, LaunchShape>(MapKernels.Map<TFunction>)(
            GridStride(shape.Count), xs, at[0], ys, at[1], shape);
    }

    public void Map<TFunction>(StridedView x, float parameter, StridedView y) where TFunction : IUnaryFunctionWithParameter
    {
        if (!Begin(y.ElementCount))
        {
            return;
        }
        ArrayView<float> xs = Buffer(x.Storage, "map"), ys = Buffer(y.Storage, "map");
        Span<OperandStrides> at = stackalloc OperandStrides[2];
        var shape = Layout(y.Shape, [x.Strides, y.Strides], [x.Offset, y.Offset], at);
        if (IsDense(shape, at))
        {
            _device.Kernels.Load<ArrayView<float>, float, ArrayView<float>, int>(MapKernels.MapWithParameterContiguous<TFunction>)(
                GridStride(shape.Count), xs.SubView(x.Offset, shape.Count), parameter, ys.SubView(y.Offset, shape.Count), shape.Count);
            return;
        }
        _device.Kernels.Load<ArrayView<float>, OperandStrides, float, ArrayView<float>, OperandStrides, LaunchShape>(
            MapKernels.MapWithParameter<TFunction>)(GridStride(shape.Count), xs, at[0], parameter, ys, at[1], shape);
    }

    public void Zip<TFunction>(StridedView a, StridedView b, StridedView y) where TFunction : IBinaryFunction
    {
        if (!Begin(y.ElementCount))
        {
            return;
        }
        ArrayView<float> @as = Buffer(a.Storage, "zip"), bs = Buffer(b.Storage, "zip"), ys = Buffer(y.Storage, "zip");
        Span<OperandStrides> at = stackalloc OperandStrides[3];
        var shape = Layout(y.Shape, [a.Strides, b.Strides, y.Strides], [a.Offset, b.Offset, y.Offset], at);
        if (IsDense(shape, at))
        {
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(MapKernels.ZipContiguous<TFunction>)(
                GridStride(shape.Count), @as.SubView(a.Offset, shape.Count), bs.SubView(b.Offset, shape.Count),
                ys.SubView(y.Offset, shape.Count), shape.Count);
            return;
        }
        _device.Kernels.Load<ArrayView<float>, OperandStrides, ArrayView<float>, OperandStrides, ArrayView<float>, OperandStrides, LaunchShape>(
            MapKernels.Zip<TFunction>)(GridStride(shape.Count), @as, at[0], bs, at[1], ys, at[2], shape);
    }

    /// <remarks>Outputs a group: as the plan says (<see cref="LaunchPlan.ReductionOutputsPerGroup"/>).</remarks>
    public void Reduce<TReduction>(StridedView x, bool[] reducedAxes, float[] y) where TReduction : IReduction
    {
        _device.Accelerator.Bind();
        ArrayView<float> xs = Buffer(x.Storage, "reduce"), ys = Buffer(y, "reduce");
        Span<int> kept = stackalloc int[x.Rank];
        Span<int> reduced = stackalloc int[x.Rank];
        int keptCount = 0, reducedCount = 0;
        for (var axis = 0; axis < x.Rank; axis++)
        {
            if (reducedAxes[axis])
            {
                reduced[reducedCount++] = axis;
            }
            else
            {
                kept[keptCount++] = axis;
            }
        }
        Span<OperandStrides> keptAt = stackalloc OperandStrides[1];
        Span<OperandStrides> reducedAt = stackalloc OperandStrides[1];
        var keptShape = LayoutBuilder.Merge(x.Shape, kept[..keptCount], [x.Strides], keptAt);
        var reducedShape = LayoutBuilder.Merge(x.Shape, reduced[..reducedCount], [x.Strides], reducedAt);
        keptAt[0].Offset = x.Offset;
        if (keptShape.Count == 0)
        {
            return;
        }
        var outputsPerGroup = _plan.ReductionOutputsPerGroup(reducedShape.Count, keptShape.Count);
        var config = new KernelConfig(Grids.CeilDiv(keptShape.Count, outputsPerGroup), _plan.GroupSize);
        _device.Kernels.Load<ArrayView<float>, OperandStrides, LaunchShape, OperandStrides, LaunchShape, ArrayView<float>, int>(
            AxisReductionKernels.Reduce<TReduction>)(config, xs, keptAt[0], keptShape, reducedAt[0], reducedShape, ys, outputsPerGroup);
    }

    /// <summary>Binds the accelerator to this thread; false when there is nothing to compute.</summary>
    private bool Begin(int count)
    {
        _device.Accelerator.Bind();
        return count > 0;
    }

    private ArrayView<float> Buffer(float[] storage, string operation) => _device.BufferOf(storage, operation);

    /// <summary>A grid-stride launch over <paramref name="count"/> items: enough groups to cover them, at most what the device holds at once.</summary>
    private KernelConfig GridStride(int count) =>
        new(Math.Clamp(Grids.CeilDiv(count, _plan.GroupSize), 1, _gridStrideGroups), _plan.GroupSize);

    private static LaunchShape Layout(int[] shape, ReadOnlySpan<int[]> strides, ReadOnlySpan<int> offsets, Span<OperandStrides> at)
    {
        var launch = LayoutBuilder.Merge(shape, LayoutBuilder.AllAxes(shape.Length), strides, at);
        for (var k = 0; k < offsets.Length; k++)
        {
            at[k].Offset = offsets[k];
        }
        return launch;
    }

    /// <summary>True when every operand is one dense run in the shape's order (so the plain kernels apply).</summary>
    private static bool IsDense(LaunchShape shape, ReadOnlySpan<OperandStrides> at)
    {
        if (shape.Rank == 0)
        {
            return true;
        }
        foreach (var operand in at)
        {
            if (shape.Rank != 1 || !operand.IsUnitStride)
            {
                return false;
            }
        }
        return true;
    }
}

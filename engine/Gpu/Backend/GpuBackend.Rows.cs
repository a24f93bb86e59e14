using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

public sealed partial class GpuBackend
{
    public void Gather(StridedView x, int axis, int[] indices, float[] y)
    {
        ArrayView<float> input = Buffer(x.Storage, "gather"), output = Buffer(y, "gather");
        Span<int> picked = stackalloc int[x.Rank];
        x.Shape.CopyTo(picked);
        picked[axis] = 1;
        Span<OperandStrides> at = stackalloc OperandStrides[1];
        var grid = LayoutBuilder.Merge(picked, LayoutBuilder.AllAxes(x.Rank), [x.Strides], at);
        at[0].Offset = x.Offset;
        if (Begin(grid.Count))
        {
            var uploaded = _device.UploadIndices(indices);
            _device.Kernels.Load<ArrayView<float>, OperandStrides, LaunchShape, int, ArrayView<int>, ArrayView<float>>(IndexKernels.Gather)(
                GridStride(grid.Count), input, at[0], grid, x.Strides[axis], uploaded, output);
        }
    }

    public void ScatterAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient)
    {
        ArrayView<float> input = Buffer(upstream, "scatter-add"), output = Buffer(gradient, "scatter-add");
        var (outer, inner) = (Shapes.ElementCount(shape.AsSpan(0, axis)), Shapes.ElementCount(shape.AsSpan(axis + 1)));
        var count = outer * shape[axis] * inner;
        if (Begin(count))
        {
            var uploaded = _device.UploadIndices(indices);
            _device.Kernels.Load<ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int>(IndexKernels.ScatterAdd)(
                GridStride(count), input, uploaded, output, outer, shape[axis], inner);
        }
    }

    public void IndexAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient)
    {
        ArrayView<float> input = Buffer(upstream, "index-add"), output = Buffer(gradient, "index-add");
        var (outer, inner) = (Shapes.ElementCount(shape.AsSpan(0, axis)), Shapes.ElementCount(shape.AsSpan(axis + 1)));
        var count = outer * shape[axis] * inner;
        if (Begin(count))
        {
            var uploaded = _device.UploadIndices(indices);
            _device.Kernels.Load<ArrayView<float>, ArrayView<int>, int, ArrayView<float>, int, int, int>(IndexKernels.IndexAdd)(
                GridStride(count), input, uploaded, indices.Length, output, outer, shape[axis], inner);
        }
    }

    public void ArgMaxRows(float[] x, int rows, int columns, float[] indices)
    {
        ArrayView<float> input = Buffer(x, "argmax"), output = Buffer(indices, "argmax");
        if (Begin(rows))
        {
            var config = new KernelConfig(Grids.CeilDiv(rows, _plan.GroupSize / 32), _plan.GroupSize);
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, int, int>(RowKernels.ArgMax)(config, input, output, rows, columns);
        }
    }

    public void SoftmaxRows(float[] x, float[] y, int rows, int columns, bool logarithm)
    {
        ArrayView<float> input = Buffer(x, "softmax"), output = Buffer(y, "softmax");
        if (Begin(rows * columns))
        {
            var lanesPerRow = _plan.SoftmaxLanesPerRow(columns);
            var config = new KernelConfig(Grids.CeilDiv(rows, _plan.GroupSize / lanesPerRow), _plan.GroupSize);
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, int, int, int, int>(RowKernels.Softmax)(
                config, input, output, rows, columns, lanesPerRow, logarithm ? 1 : 0);
        }
    }

    public void AdamStep(float[] parameter, float[] gradient, float[] firstMoment, float[] secondMoment, AdamStepSettings settings)
    {
        ArrayView<float> p = Buffer(parameter, "adam"), g = Buffer(gradient, "adam");
        ArrayView<float> m = Buffer(firstMoment, "adam"), v = Buffer(secondMoment, "adam");
        if (Begin(parameter.Length))
        {
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, AdamArguments>(AdamKernels.AdamStep)(
                GridStride(parameter.Length), p, g, m, v, parameter.Length, new AdamArguments(settings));
        }
    }
}

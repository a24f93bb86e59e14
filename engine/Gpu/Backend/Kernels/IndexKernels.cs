using ILGPU;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>Gather along an axis and its adjoint, one thread an output element; the indices are uploaded by the host.</summary>
public static class IndexKernels
{
    /// <summary>
    /// y[i] = x[position i of the index grid, moved indices[i] along the axis]: the index grid is x's shape with
    /// the axis of size 1 (<paramref name="grid"/>, with x's strides and offset in <paramref name="xAt"/>).
    /// </summary>
    public static void Gather(
        ArrayView<float> x, OperandStrides xAt, LaunchShape grid, int axisStride, ArrayView<int> indices, ArrayView<float> y)
    {
        for (var i = Grid.GlobalIndex.X; i < grid.Count; i += Grid.DimX * Group.DimX)
        {
            y[i] = x[xAt.Locate(grid.Unravel(i)) + indices[i] * axisStride];
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Gather"/> into a row-major gradient seen as (outer, axis, inner): element
    /// (o, a, n) receives upstream[o·inner + n] when indices[o·inner + n] = a, else 0. Exactly one upstream
    /// element can land on each gradient element, so each thread writes its own (no atomics, no zeroing pass).
    /// </summary>
    public static void ScatterAdd(ArrayView<float> upstream, ArrayView<int> indices, ArrayView<float> gradient, int outer, int axis, int inner)
    {
        var count = outer * axis * inner;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            var n = e % inner;
            var a = e / inner % axis;
            var source = e / (inner * axis) * inner + n;
            gradient[e] = indices[source] == a ? upstream[source] : 0f;
        }
    }

    /// <summary>
    /// The adjoint of picking whole slices (index_select) into a row-major gradient seen as (outer, axis, inner):
    /// element (o, a, n) = Σ upstream[o, i, n] over the picks i &lt; <paramref name="picks"/> with indices[i] = a
    /// (the uploaded index buffer may be longer than the picks). Each thread sums its own
    /// element over the picks, so repeated indices need no atomics and the sum's order is fixed (deterministic).
    /// </summary>
    public static void IndexAdd(ArrayView<float> upstream, ArrayView<int> indices, int picks, ArrayView<float> gradient, int outer, int axis, int inner)
    {
        var count = outer * axis * inner;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            var n = e % inner;
            var a = e / inner % axis;
            var o = e / (inner * axis);
            var sum = 0f;
            for (var i = 0; i < picks; i++)
            {
                if (indices[i] == a)
                {
                    sum += upstream[(o * picks + i) * inner + n];
                }
            }
            gradient[e] = sum;
        }
    }
}

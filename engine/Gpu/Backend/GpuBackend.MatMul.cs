using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

public sealed partial class GpuBackend
{
    /// <summary>The grid's third axis (the batch) is limited to 65,535 groups on CUDA; longer batches take several launches.</summary>
    private const int MaxBatchGroups = 65_535;

    private int[]? _noTableHandle;

    /// <remarks>
    /// Offsets that step evenly (the usual batch, or a repeated matrix with step 0) reach the kernel as two
    /// numbers; only an uneven list is uploaded (one table for the three operands, counted). When every t names
    /// the same C, one launch sums all the products into it; when some but not all repeat, the products are
    /// launched one by one, in order, each adding into what the previous ones left.
    /// </remarks>
    public void MatMul(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, bool accumulate)
    {
        _device.Accelerator.Bind();
        ArrayView<float> aView = Buffer(a.Data, "matmul"), bView = Buffer(b.Data, "matmul"), cView = Buffer(c.Data, "matmul");
        var count = c.Count;
        if (count == 0 || m == 0 || n == 0)
        {
            return;
        }
        var g = new MatMulGeometry
        {
            M = m, K = k, N = n, Count = count, Accumulate = accumulate ? 1 : 0, ThreadsPerSide = _plan.MatMulThreadsPerSide,
            ARowStride = a.RowStride, AColumnStride = a.ColumnStride,
            BRowStride = b.RowStride, BColumnStride = b.ColumnStride,
            CRowStride = c.RowStride, CColumnStride = c.ColumnStride,
        };
        var evenA = Progression(a.Offsets, out g.ABase, out g.AStep);
        var evenB = Progression(b.Offsets, out g.BBase, out g.BStep);
        var evenC = Progression(c.Offsets, out g.CBase, out g.CStep);
        g.TableMask = (evenA ? 0 : 1) | (evenB ? 0 : 2) | (evenC ? 0 : 4);
        var table = g.TableMask == 0 ? NoTable() : _device.UploadIndices([.. a.Offsets, .. b.Offsets, .. c.Offsets]);
        var kernel = _device.Kernels.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, MatMulGeometry>(
            StridedMatMulKernels.MatMul);

        if (evenC && (g.CStep == 0 || count == 1))
        {
            g.ProductsPerOutput = count;
            kernel(MatMulGrid(g, 1), aView, bView, cView, table, g);
        }
        else if (evenC || c.Offsets.Distinct().Count() == count)
        {
            g.ProductsPerOutput = 1;
            for (var first = 0; first < count; first += MaxBatchGroups)
            {
                g.FirstProduct = first;
                kernel(MatMulGrid(g, Math.Min(MaxBatchGroups, count - first)), aView, bView, cView, table, g);
            }
        }
        else
        {
            g.ProductsPerOutput = 1;
            var written = new HashSet<int>();
            for (var t = 0; t < count; t++)
            {
                g.FirstProduct = t;
                g.Accumulate = accumulate || !written.Add(c.Offsets[t]) ? 1 : 0;
                kernel(MatMulGrid(g, 1), aView, bView, cView, table, g);
            }
        }
    }

    private static KernelConfig MatMulGrid(MatMulGeometry g, int batches) => new(
        new Index3D(Grids.CeilDiv(g.N, 4 * g.ThreadsPerSide), Grids.CeilDiv(g.M, 4 * g.ThreadsPerSide), batches),
        new Index3D(g.ThreadsPerSide, g.ThreadsPerSide, 1));

    /// <summary>True when offsets[t] = base + t·step for every t.</summary>
    private static bool Progression(int[] offsets, out int start, out int step)
    {
        start = offsets[0];
        step = offsets.Length > 1 ? offsets[1] - offsets[0] : 0;
        for (var t = 2; t < offsets.Length; t++)
        {
            if (offsets[t] - offsets[t - 1] != step)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A one-element device buffer that stands in for the offset table when none is needed.</summary>
    private ArrayView<int> NoTable()
    {
        _noTableHandle ??= new int[1];
        return _device.Integers.Rent(_noTableHandle, 1);
    }
}

using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend.Kernels;
using DeepLearning.Gpu.MatMul;
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
        if (TryLabProduct(a, b, c, m, k, n, accumulate, aView, bView, cView))
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
            var runs = RunsIntoOneC(g);
            if (runs == 1)
            {
                g.ProductsPerOutput = count;
                kernel(MatMulGrid(g, 1), aView, bView, cView, table, g);
                return;
            }
            // Each run of products sums into a dense partial C of its own (z = the run), then the runs are added.
            var runLength = Grids.CeilDiv(count, runs);
            runs = Grids.CeilDiv(count, runLength);
            var partials = Buffer(_device.NewStorage(runs * m * n), "matmul");
            var intoPartials = g with { CBase = 0, CStep = 0, CRunStep = m * n, CRowStride = n, CColumnStride = 1, Accumulate = 0, ProductsPerOutput = runLength };
            kernel(MatMulGrid(intoPartials, runs), aView, bView, partials, table, intoPartials);
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, MatMulGeometry, int>(StridedMatMulKernels.SumPartials)(
                GridStride(m * n), partials, cView, g, runs);
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

    /// <summary>
    /// One product of this size or more (multiply-adds) is worth copying a strided operand dense for the lab's kernel:
    /// the copy reads and writes each of the operand's elements once, the product reads each from global memory about
    /// m/128 (or n/128) times and serves it to m (or n) multiply-adds from registers. At 2²⁰ multiply-adds (a 128 ×
    /// 128 · 128 × 64 product, say) the copy is a few percent of the product's time on any GPU, and below that the
    /// launches, not the kernels, set the time.
    /// </summary>
    internal const long LabProductMinimumMultiplyAdds = 1L << 20;

    private MatMulLauncher? _lab;

    /// <summary>Products run on the kernel lab's fastest kernel (<see cref="MatMulLauncher.LaunchFastest"/>) so far.</summary>
    internal int LabProducts { get; private set; }

    /// <summary>
    /// C = A·B on the kernel lab's fastest kernel, when the plan's groups cooperate (a GPU), C is one row-major matrix
    /// to overwrite, and A and B are row-major or the product is big enough to copy them dense first
    /// (<see cref="LabProductMinimumMultiplyAdds"/>); false, having done nothing, otherwise. The lab's 128-bit loads
    /// (k and n multiples of 4) also need every matrix to start on a 16-byte boundary: a copy always does.
    /// </summary>
    private bool TryLabProduct(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, bool accumulate,
        ArrayView<float> aView, ArrayView<float> bView, ArrayView<float> cView)
    {
        if (!_plan.GroupsCooperate || accumulate || c.Count != 1 || k == 0 || !IsRowMajor(c, n))
        {
            return false;
        }
        var wide = MatMulLauncher.FastestFor(k, n) != MatMulVersion.RegisterBlocked;
        bool Ready(MatrixBatch x, int columns) => IsRowMajor(x, columns) && (!wide || x.Offsets[0] % 4 == 0);
        var (aReady, bReady) = (Ready(a, k), Ready(b, n));
        if ((wide && c.Offsets[0] % 4 != 0) || (!(aReady && bReady) && (long)m * k * n < LabProductMinimumMultiplyAdds))
        {
            return false;
        }
        var aDense = aReady ? aView.SubView(a.Offsets[0], (long)m * k) : CopyDense(aView, a, m, k);
        var bDense = bReady ? bView.SubView(b.Offsets[0], (long)k * n) : CopyDense(bView, b, k, n);
        _lab ??= new MatMulLauncher(_device.Accelerator);
        _lab.LaunchFastest(aDense, bDense, cView.SubView(c.Offsets[0], (long)m * n), m, k, n);
        LabProducts++;
        return true;
    }

    /// <summary>Matrix 0 of <paramref name="x"/> copied into a fresh row-major buffer of the device.</summary>
    private ArrayView<float> CopyDense(ArrayView<float> source, MatrixBatch x, int rows, int columns)
    {
        var dense = Buffer(_device.NewStorage(rows * columns), "matmul");
        _device.Kernels.Load<ArrayView<float>, StridedMatrixLayout, ArrayView<float>>(StridedMatMulKernels.CopyDense)(
            GridStride(rows * columns), source, new StridedMatrixLayout(x.Offsets[0], x.RowStride, x.ColumnStride, rows, columns), dense);
        return dense;
    }

    private static bool IsRowMajor(MatrixBatch x, int columns) => x.ColumnStride == 1 && (x.RowStride == columns || columns == 0);

    /// <summary>
    /// Runs to split a batch of products that all add into one C into, under a plan whose groups cooperate: enough
    /// that C's blocks times the runs make about twice the groups the device holds at once (the weight gradient of
    /// a linear layer on a batch of sequences is a few blocks of C over hundreds of products, which one group a
    /// block would walk alone), at most one a product; 1 elsewhere, and when C's blocks fill the device already.
    /// </summary>
    private int RunsIntoOneC(MatMulGeometry g)
    {
        if (!_plan.GroupsCooperate || g.Count < 2)
        {
            return 1;
        }
        var blocks = (long)Grids.CeilDiv(g.N, _plan.MatMulBlockTile) * Grids.CeilDiv(g.M, _plan.MatMulBlockTile);
        return (int)Math.Clamp(2 * Grids.ResidentGroups(_device.Accelerator) / blocks, 1, Math.Min(g.Count, MaxBatchGroups));
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

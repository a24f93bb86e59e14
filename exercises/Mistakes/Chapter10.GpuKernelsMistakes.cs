using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 10's typical mistakes: each a wrong version of a task, as learners write it. Every index stays inside its array.</summary>
public static class GpuKernelsMistakes
{
    private const int TileSize = GpuKernels.TileSize;
    private const int SumGroupSize = GpuKernels.SumGroupSize;

    [Mistake("10.1", "launches a.Length - 1 threads", mustName: "never written")]
    public static float[] OneThreadShort(Accelerator accelerator, float[] a, float[] b) => Add(accelerator, a, b, a.Length - 1, sameViewTwice: false);

    [Mistake("10.1", "passes a's view twice", mustName: "first array twice")]
    public static float[] FirstArrayTwice(Accelerator accelerator, float[] a, float[] b) => Add(accelerator, a, b, a.Length, sameViewTwice: true);

    [Mistake("10.2", "stores C column by column", mustName: "column by column")]
    public static float[] ColumnMajorOutput(Accelerator accelerator, float[] a, float[] b, int m, int k, int n) => Naive(accelerator, a, b, m, k, n, columnMajor: true, terms: k);

    [Mistake("10.2", "sums p while p < k - 1", mustName: "last term, p = k - 1, is missing")]
    public static float[] OneTermShort(Accelerator accelerator, float[] a, float[] b, int m, int k, int n) => Naive(accelerator, a, b, m, k, n, columnMajor: false, terms: k - 1);

    [Mistake("10.3", "steps over k / TileSize tiles, rounding down", mustName: "partial tile along k is skipped")]
    public static float[] PartialTileSkipped(Accelerator accelerator, float[] a, float[] b, int m, int k, int n) =>
        Tiled(accelerator, a, b, m, k, n, tiles: k / TileSize, groups: new Index2D((n + TileSize - 1) / TileSize, (m + TileSize - 1) / TileSize));

    [Mistake("10.3", "launches n / TileSize by m / TileSize groups, rounding down", mustName: "partial tiles of C are computed too")]
    public static float[] TooFewGroups(Accelerator accelerator, float[] a, float[] b, int m, int k, int n) =>
        Tiled(accelerator, a, b, m, k, n, tiles: (k + TileSize - 1) / TileSize, groups: new Index2D(n / TileSize, m / TileSize));

    [Mistake("10.4", "launches values.Length / SumGroupSize groups, rounding down", mustName: "element(s) are left out")]
    public static float TailLeftOut(Accelerator accelerator, float[] values) =>
        Sum(accelerator, values, groups: values.Length / SumGroupSize, lastHalf: 1, groupOffset: true);

    [Mistake("10.4", "halves while half > 1, so the last halving never runs", mustName: "the last halving, half = 1, is skipped")]
    public static float LastHalvingSkipped(Accelerator accelerator, float[] values) =>
        Sum(accelerator, values, groups: (values.Length + SumGroupSize - 1) / SumGroupSize, lastHalf: 2, groupOffset: true);

    [Mistake("10.4", "indexes the element Grid.IdxX + Group.IdxX, without the group's offset", mustName: "not Grid.IdxX + Group.IdxX")]
    public static float GroupOffsetForgotten(Accelerator accelerator, float[] values) =>
        Sum(accelerator, values, groups: (values.Length + SumGroupSize - 1) / SumGroupSize, lastHalf: 1, groupOffset: false);

    private static float[] Add(Accelerator accelerator, float[] a, float[] b, int threads, bool sameViewTwice)
    {
        static void Kernel(Index1D i, ArrayView<float> left, ArrayView<float> right, ArrayView<float> sum) => sum[i] = left[i] + right[i];
        using var left = accelerator.Allocate1D(a);
        using var right = accelerator.Allocate1D(b);
        using var sum = accelerator.Allocate1D<float>(a.Length);
        sum.MemSetToZero();
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(Kernel);
        kernel(threads, left.View, sameViewTwice ? left.View : right.View, sum.View);
        accelerator.Synchronize();
        return sum.GetAsArray1D();
    }

    private static float[] Naive(Accelerator accelerator, float[] a, float[] b, int m, int k, int n, bool columnMajor, int terms)
    {
        static void Kernel(Index2D index, ArrayView<float> left, ArrayView<float> right, ArrayView<float> product, int inner, int columns, int rows, int terms, int columnMajor)
        {
            int row = index.X, column = index.Y;
            var sum = 0f;
            for (var p = 0; p < terms; p++)
            {
                sum += left[row * inner + p] * right[p * columns + column];
            }
            product[columnMajor == 1 ? column * rows + row : row * columns + column] = sum;
        }
        using var left = accelerator.Allocate1D(a);
        using var right = accelerator.Allocate1D(b);
        using var product = accelerator.Allocate1D<float>(m * n);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, int>(Kernel);
        kernel(new Index2D(m, n), left.View, right.View, product.View, k, n, m, terms, columnMajor ? 1 : 0);
        accelerator.Synchronize();
        return product.GetAsArray1D();
    }

    private static float[] Tiled(Accelerator accelerator, float[] a, float[] b, int m, int k, int n, int tiles, Index2D groups)
    {
        static void Kernel(ArrayView<float> left, ArrayView<float> right, ArrayView<float> product, int rows, int inner, int columns, int tiles)
        {
            var tileA = SharedMemory.Allocate2D<float, Stride2D.DenseX>(new Index2D(TileSize, TileSize), new Stride2D.DenseX(TileSize));
            var tileB = SharedMemory.Allocate2D<float, Stride2D.DenseX>(new Index2D(TileSize, TileSize), new Stride2D.DenseX(TileSize));
            int tx = Group.IdxX, ty = Group.IdxY;
            int column = Grid.IdxX * TileSize + tx, row = Grid.IdxY * TileSize + ty;
            var sum = 0f;
            for (var tile = 0; tile < tiles; tile++)
            {
                int aColumn = tile * TileSize + tx, bRow = tile * TileSize + ty;
                tileA[ty, tx] = row < rows && aColumn < inner ? left[row * inner + aColumn] : 0;
                tileB[ty, tx] = bRow < inner && column < columns ? right[bRow * columns + column] : 0;
                Group.Barrier();
                for (var p = 0; p < TileSize; p++)
                {
                    sum += tileA[ty, p] * tileB[p, tx];
                }
                Group.Barrier();
            }
            if (row < rows && column < columns)
            {
                product[row * columns + column] = sum;
            }
        }
        using var left = accelerator.Allocate1D(a);
        using var right = accelerator.Allocate1D(b);
        using var product = accelerator.Allocate1D<float>(m * n);
        product.MemSetToZero();
        var kernel = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(Kernel);
        kernel(new KernelConfig(groups, new Index2D(TileSize, TileSize)), left.View, right.View, product.View, m, k, n, tiles);
        accelerator.Synchronize();
        return product.GetAsArray1D();
    }

    private static float Sum(Accelerator accelerator, float[] values, int groups, int lastHalf, bool groupOffset)
    {
        static void Kernel(ArrayView<float> input, ArrayView<float> groupTotals, int length, int lastHalf, int groupOffset)
        {
            var partials = SharedMemory.Allocate<float>(SumGroupSize);
            var thread = Group.IdxX;
            var i = Grid.IdxX * (groupOffset == 1 ? SumGroupSize : 1) + thread;
            partials[thread] = i < length ? input[i] : 0;
            Group.Barrier();
            for (var half = SumGroupSize / 2; half >= lastHalf; half /= 2)
            {
                if (thread < half)
                {
                    partials[thread] += partials[thread + half];
                }
                Group.Barrier();
            }
            if (thread == 0)
            {
                groupTotals[Grid.IdxX] = partials[0];
            }
        }
        if (values.Length == 0 || groups == 0)
        {
            return 0;
        }
        using var input = accelerator.Allocate1D(values);
        using var groupTotals = accelerator.Allocate1D<float>(groups);
        var kernel = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int>(Kernel);
        kernel(new KernelConfig(groups, SumGroupSize), input.View, groupTotals.View, values.Length, lastHalf, groupOffset ? 1 : 0);
        accelerator.Synchronize();
        return groupTotals.GetAsArray1D().Sum();
    }
}

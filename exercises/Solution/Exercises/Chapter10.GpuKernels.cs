using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 10: kernels written with ILGPU. A kernel is a static method that one thread runs for one index; the
/// host copies arrays to the accelerator, launches the kernel over a grid, waits, and copies the result back.
/// The tests pass an ILGPU CPU accelerator, so no GPU is needed; the same code runs on CUDA or OpenCL.
/// Matrices are row-major flat arrays: A m×k, B k×n, C m×n.
/// </summary>
public static class GpuKernels
{
    /// <summary>The tile width of task 10.3: a group of TileSize×TileSize threads computes one tile of C.</summary>
    public const int TileSize = 4;

    /// <summary>The threads a group of task 10.4: a power of two, so that halving ends at one.</summary>
    public const int SumGroupSize = 16;

    // Task 10.1: a vector-add kernel
    /// <summary>c[i] = a[i] + b[i], one thread per element, on <paramref name="accelerator"/>.</summary>
    public static float[] VectorAdd(Accelerator accelerator, float[] a, float[] b)
    {
        // BEGIN SOLUTION
        static void Kernel(Index1D i, ArrayView<float> left, ArrayView<float> right, ArrayView<float> sum) =>
            sum[i] = left[i] + right[i];

        using var left = accelerator.Allocate1D(a);
        using var right = accelerator.Allocate1D(b);
        using var sum = accelerator.Allocate1D<float>(a.Length);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(Kernel);
        kernel(a.Length, left.View, right.View, sum.View);
        accelerator.Synchronize();
        return sum.GetAsArray1D();
        // END SOLUTION
    }

    // Task 10.2: a naive matmul kernel, one thread per output element
    /// <summary>C = A B with one thread per (row, column) of C, each reading a row of A and a column of B.</summary>
    public static float[] MatMulNaive(Accelerator accelerator, float[] a, float[] b, int m, int k, int n)
    {
        // BEGIN SOLUTION
        static void Kernel(Index2D index, ArrayView<float> left, ArrayView<float> right, ArrayView<float> product, int inner, int columns)
        {
            int row = index.X, column = index.Y;
            var sum = 0f;
            for (var p = 0; p < inner; p++)
            {
                sum += left[row * inner + p] * right[p * columns + column];
            }
            product[row * columns + column] = sum;
        }

        using var left = accelerator.Allocate1D(a);
        using var right = accelerator.Allocate1D(b);
        using var product = accelerator.Allocate1D<float>(m * n);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(Kernel);
        kernel(new Index2D(m, n), left.View, right.View, product.View, k, n);
        accelerator.Synchronize();
        return product.GetAsArray1D();
        // END SOLUTION
    }

    // Task 10.3: a tiled matmul kernel with shared memory
    /// <summary>
    /// C = A B where each group of <see cref="TileSize"/>×<see cref="TileSize"/> threads computes one tile of C:
    /// step along k one tile at a time, each thread loading one element of A's tile and one of B's into shared
    /// memory (zero outside the matrices), a barrier, the partial dot products from shared memory, a barrier.
    /// Sizes need not be multiples of the tile.
    /// </summary>
    public static float[] MatMulTiled(Accelerator accelerator, float[] a, float[] b, int m, int k, int n)
    {
        // BEGIN SOLUTION
        static void Kernel(ArrayView<float> left, ArrayView<float> right, ArrayView<float> product, int rows, int inner, int columns)
        {
            var tileA = SharedMemory.Allocate2D<float, Stride2D.DenseX>(new Index2D(TileSize, TileSize), new Stride2D.DenseX(TileSize));
            var tileB = SharedMemory.Allocate2D<float, Stride2D.DenseX>(new Index2D(TileSize, TileSize), new Stride2D.DenseX(TileSize));
            int tx = Group.IdxX, ty = Group.IdxY;
            int column = Grid.IdxX * TileSize + tx, row = Grid.IdxY * TileSize + ty;
            var sum = 0f;
            for (var tile = 0; tile < (inner + TileSize - 1) / TileSize; tile++)
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
        var kernel = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(Kernel);
        var groups = new Index2D((n + TileSize - 1) / TileSize, (m + TileSize - 1) / TileSize);
        kernel(new KernelConfig(groups, new Index2D(TileSize, TileSize)), left.View, right.View, product.View, m, k, n);
        accelerator.Synchronize();
        return product.GetAsArray1D();
        // END SOLUTION
    }

    // Task 10.4: a sum in shared memory: a tree reduction a group
    /// <summary>
    /// The sum of values. Each group of <see cref="SumGroupSize"/> threads loads one element a thread into shared
    /// memory (0 past the end of values), then halves: while half ≥ 1, thread t &lt; half adds the partial sum at
    /// t + half to its own, and every thread waits at a barrier; thread 0 then writes the group's total. Launch
    /// ⌈n / SumGroupSize⌉ groups; the host adds their totals. The sum of no values is 0.
    /// </summary>
    public static float TreeSum(Accelerator accelerator, float[] values)
    {
        // BEGIN SOLUTION
        static void Kernel(ArrayView<float> input, ArrayView<float> groupTotals, int length)
        {
            var partials = SharedMemory.Allocate<float>(SumGroupSize);
            var thread = Group.IdxX;
            var i = Grid.IdxX * SumGroupSize + thread;
            partials[thread] = i < length ? input[i] : 0;
            Group.Barrier();
            for (var half = SumGroupSize / 2; half > 0; half /= 2)
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

        if (values.Length == 0)
        {
            return 0;
        }
        var groups = (values.Length + SumGroupSize - 1) / SumGroupSize;
        using var input = accelerator.Allocate1D(values);
        using var groupTotals = accelerator.Allocate1D<float>(groups);
        var kernel = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int>(Kernel);
        kernel(new KernelConfig(groups, SumGroupSize), input.View, groupTotals.View, values.Length);
        accelerator.Synchronize();
        var sum = 0f;
        foreach (var total in groupTotals.GetAsArray1D())
        {
            sum += total;
        }
        return sum;
        // END SOLUTION
    }

    // Question 10.a: how often the naive kernel loads an element of A
    /// <summary>Your answer to quick question 10.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question10A()
    {
        // BEGIN SOLUTION
        return 64;
        // END SOLUTION
    }

    // Question 10.b: how often the tiled kernel loads an element of A
    /// <summary>Your answer to quick question 10.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question10B()
    {
        // BEGIN SOLUTION
        return 4;
        // END SOLUTION
    }

    // Question 10.c: the smallest compute-bound square product
    /// <summary>Your answer to quick question 10.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question10C()
    {
        // BEGIN SOLUTION
        return 'B';
        // END SOLUTION
    }
}

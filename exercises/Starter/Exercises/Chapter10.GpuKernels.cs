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
        throw new NotImplementedException("Task 10.1: a vector-add kernel");
    }

    // Task 10.2: a naive matmul kernel, one thread per output element
    /// <summary>C = A B with one thread per (row, column) of C, each reading a row of A and a column of B.</summary>
    public static float[] MatMulNaive(Accelerator accelerator, float[] a, float[] b, int m, int k, int n)
    {
        throw new NotImplementedException("Task 10.2: a naive matmul kernel, one thread per output element");
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
        throw new NotImplementedException("Task 10.3: a tiled matmul kernel with shared memory");
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
        throw new NotImplementedException("Task 10.4: a sum in shared memory: a tree reduction a group");
    }

    // Question 10.a: how often the naive kernel loads an element of A
    /// <summary>Your answer to quick question 10.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question10A()
    {
        throw new NotImplementedException("Question 10.a: how often the naive kernel loads an element of A");
    }

    // Question 10.b: how often the tiled kernel loads an element of A
    /// <summary>Your answer to quick question 10.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question10B()
    {
        throw new NotImplementedException("Question 10.b: how often the tiled kernel loads an element of A");
    }

    // Question 10.c: the smallest compute-bound square product
    /// <summary>Your answer to quick question 10.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question10C()
    {
        throw new NotImplementedException("Question 10.c: the smallest compute-bound square product");
    }
}

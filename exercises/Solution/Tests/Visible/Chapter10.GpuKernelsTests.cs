using ILGPU.Runtime;

namespace DeepLearning.Exercises.Tests;

// Kernels run on an ILGPU CPU accelerator; the first launch compiles the kernel, hence the longer time limits.

[TestFixture, Category("task:10.1"), TimeLimit(30)]
public sealed class Task10_1_VectorAdd(Func<Accelerator, float[], float[], float[]> vectorAdd)
{
    public Task10_1_VectorAdd() : this(GpuKernels.VectorAdd) { }

    [Test, Hint("a kernel (Index1D i, ArrayView a, b, c) doing c[i] = a[i] + b[i], loaded with LoadAutoGroupedStreamKernel and launched over a.Length")]
    public void ThreeElements() => TensorAssert.Close([11f, 22, 33], vectorAdd(CpuAccelerator.Shared, [1, 2, 3], [10, 20, 30]), "[1, 2, 3] + [10, 20, 30]");

    [Test, Hint("launch one thread per element, and wait (Synchronize) before copying the result back")]
    public void AThousandElements()
    {
        var (a, b) = (TensorAssert.Random(300, 1000).ToArray(), TensorAssert.Random(301, 1000).ToArray());
        TensorAssert.Close(a.Zip(b, (x, y) => x + y).ToArray(), vectorAdd(CpuAccelerator.Shared, a, b), "the sum of two 1000-element vectors");
    }
}

[TestFixture, Category("task:10.2"), TimeLimit(30)]
public sealed class Task10_2_MatMulNaive(Func<Accelerator, float[], float[], int, int, int, float[]> matMulNaive)
{
    public Task10_2_MatMulNaive() : this(GpuKernels.MatMulNaive) { }

    [Test, Weight(2), Hint("launch over Index2D(m, n); thread (row, column) sums A[row, p]·B[p, column] over p")]
    public void RectangularMatrices() => KernelAssert.MatchesReference(matMulNaive, 3, 4, 5, seed: 310);
}

[TestFixture, Category("task:10.3"), TimeLimit(30)]
public sealed class Task10_3_MatMulTiled(Func<Accelerator, float[], float[], int, int, int, float[]> matMulTiled)
{
    public Task10_3_MatMulTiled() : this(GpuKernels.MatMulTiled) { }

    [Test, Weight(2), Hint("groups of TileSize×TileSize threads; load a tile of A and of B into SharedMemory, Group.Barrier(), accumulate, Group.Barrier()")]
    public void SizesThatAreMultiplesOfTheTile() => KernelAssert.MatchesReference(matMulTiled, 8, 8, 8, seed: 320);

    [Test, Weight(2), Hint("threads outside the matrix load zeros into the tiles and write nothing, but still reach every barrier")]
    public void RaggedSizes() => KernelAssert.MatchesReference(matMulTiled, 6, 5, 7, seed: 321);
}

internal static class KernelAssert
{
    public static void MatchesReference(Func<Accelerator, float[], float[], int, int, int, float[]> matMul, int m, int k, int n, ulong seed)
    {
        var (a, b) = (TensorAssert.Random(seed, m * k).ToArray(), TensorAssert.Random(seed + 1, k * n).ToArray());
        TensorAssert.Close(MatMulAssert.Reference(a, b, m, k, n), matMul(CpuAccelerator.Shared, a, b, m, k, n), $"C = A B on the accelerator for A ({m},{k}), B ({k},{n})");
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:10.a")]
public sealed class Question10_a(Func<int> answer)
{
    public Question10_a() : this(GpuKernels.Question10A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("10.a", answer(), "42b1c9d8f488a561ea12684fcdc0d377d526bab214226346ebcf1eb1165b3ee7",
            lookAgainAt: "which threads read A[i, p]: every thread of row i");
}

[TestFixture, Category("task:10.b")]
public sealed class Question10_b(Func<int> answer)
{
    public Question10_b() : this(GpuKernels.Question10B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("10.b", answer(), "674a955ab3d53951ecfc9454ac1ee3a2c92daa7bdbcd6e5bd90a3e49947ba09c",
            lookAgainAt: "each group loads a tile of A once for its T × T threads; how many groups need row block i?");
}

[TestFixture, Category("task:10.c")]
public sealed class Question10_c(Func<char> answer)
{
    public Question10_c() : this(GpuKernels.Question10C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("10.c", answer(), "c1fec3e38bfb07e06cd2fbd8d75dc938d99ffa14c552fde82e82cb09ceaba991",
            lookAgainAt: "the intensity n/6 of a square product against the H100's 20 flops a byte");
}

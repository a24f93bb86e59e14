using ILGPU.Runtime;

namespace DeepLearning.Exercises.Tests;

// Kernels run on an ILGPU CPU accelerator; the first launch compiles the kernel, hence the longer time limits.

[TestFixture, Category("task:9.1"), TimeLimit(30)]
public sealed class Task9_1_VectorAdd(Func<Accelerator, float[], float[], float[]> vectorAdd)
{
    public Task9_1_VectorAdd() : this(GpuKernels.VectorAdd) { }

    [Test, Hint("a kernel (Index1D i, ArrayView a, b, c) doing c[i] = a[i] + b[i], loaded with LoadAutoGroupedStreamKernel and launched over a.Length")]
    public void ThreeElements() => TensorAssert.Close([11f, 22, 33], vectorAdd(CpuAccelerator.Shared, [1, 2, 3], [10, 20, 30]), "[1, 2, 3] + [10, 20, 30]");

    [Test, Hint("launch one thread per element, and wait (Synchronize) before copying the result back")]
    public void AThousandElements()
    {
        var (a, b) = (TensorAssert.Random(300, 1000).ToArray(), TensorAssert.Random(301, 1000).ToArray());
        TensorAssert.Close(a.Zip(b, (x, y) => x + y).ToArray(), vectorAdd(CpuAccelerator.Shared, a, b), "the sum of two 1000-element vectors");
    }
}

[TestFixture, Category("task:9.2"), TimeLimit(30)]
public sealed class Task9_2_MatMulNaive(Func<Accelerator, float[], float[], int, int, int, float[]> matMulNaive)
{
    public Task9_2_MatMulNaive() : this(GpuKernels.MatMulNaive) { }

    [Test, Weight(2), Hint("launch over Index2D(m, n); thread (row, column) sums A[row, p]·B[p, column] over p")]
    public void RectangularMatrices() => KernelAssert.MatchesReference(matMulNaive, 3, 4, 5, seed: 310);
}

[TestFixture, Category("task:9.3"), TimeLimit(30)]
public sealed class Task9_3_MatMulTiled(Func<Accelerator, float[], float[], int, int, int, float[]> matMulTiled)
{
    public Task9_3_MatMulTiled() : this(GpuKernels.MatMulTiled) { }

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

[TestFixture, Category("task:9.a")]
public sealed class Question9_a(Func<int> answer)
{
    public Question9_a() : this(GpuKernels.Question9A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("9.a", answer(), "d8f4a34a384f676c36e479c3e711eeee82791473d83614699383a826d103b06a",
            lookAgainAt: "which threads read A[i, p]: every thread of row i");
}

[TestFixture, Category("task:9.b")]
public sealed class Question9_b(Func<int> answer)
{
    public Question9_b() : this(GpuKernels.Question9B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("9.b", answer(), "dc241cebed56a717af584fa9acf8d7fbd25aea6038e18baf92ea5c14523b04f9",
            lookAgainAt: "each group loads a tile of A once for its T × T threads; how many groups need row block i?");
}

[TestFixture, Category("task:9.c")]
public sealed class Question9_c(Func<char> answer)
{
    public Question9_c() : this(GpuKernels.Question9C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("9.c", answer(), "d4b6f0e198fbbf32d4704dd4ff113d1858ef1753ac8fce70dd108475ca60c5b5",
            lookAgainAt: "the intensity n/6 of a square product against the H100's 20 flops a byte");
}

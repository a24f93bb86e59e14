namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:8.1")]
public sealed class Task8_1_MatMulIkj(Action<float[], float[], float[], int, int, int> matMulIkj)
{
    public Task8_1_MatMulIkj() : this(FastMatMul.MatMulIkj) { }

    [Test, Weight(2), Hint("C[i,j] += A[i,p]·B[p,j] with loops i, p, j; clear C first: it may hold old values")]
    public void RectangularMatrices() => MatMulAssert.MatchesEngine(matMulIkj, 3, 4, 5, seed: 200);
}

[TestFixture, Category("task:8.2")]
public sealed class Task8_2_MatMulBlocked(Action<float[], float[], float[], int, int, int, int> matMulBlocked)
{
    public Task8_2_MatMulBlocked() : this(FastMatMul.MatMulBlocked) { }

    [Test, Hint("step i0, p0 and j0 by blockSize; inside, run the plain (i, p, j) loops over one block")]
    public void SizesThatAreMultiplesOfTheBlock() => MatMulAssert.MatchesEngine((a, b, c, m, k, n) => matMulBlocked(a, b, c, m, k, n, 4), 8, 8, 8, seed: 210);

    [Test, Weight(2), Hint("the last block along each axis may be smaller: stop at Math.Min(start + blockSize, size)")]
    public void RaggedSizes() => MatMulAssert.MatchesEngine((a, b, c, m, k, n) => matMulBlocked(a, b, c, m, k, n, 4), 10, 7, 9, seed: 211);
}

internal static class MatMulAssert
{
    /// <summary>Compares a flat-array matmul with the engine's, starting from a C full of NaN so that a forgotten clear shows.</summary>
    public static void MatchesEngine(Action<float[], float[], float[], int, int, int> matMul, int m, int k, int n, ulong seed)
    {
        var (a, b) = (TensorAssert.Random(seed, m, k), TensorAssert.Random(seed + 1, k, n));
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        matMul(a.ToArray(), b.ToArray(), c, m, k, n);
        TensorAssert.Close(a.MatMul(b).ToArray(), c, $"C = A B for A ({m},{k}), B ({k},{n})");
    }

    /// <summary>The product of row-major flat arrays with three plain loops: the reference for the kernels.</summary>
    public static float[] Reference(float[] a, float[] b, int m, int k, int n)
    {
        var c = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    sum += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:8.a")]
public sealed class Question8_a(Func<int> answer)
{
    public Question8_a() : this(FastMatMul.Question8A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("8.a", answer(), "a2b4de25cbccc66dbdcdd9e82cbed7aadf3924e77987bc07b2f78c45b3088534",
            lookAgainAt: "2mnk: one multiply and one add per term of each sum");
}

[TestFixture, Category("task:8.b")]
public sealed class Question8_b(Func<int> answer)
{
    public Question8_b() : this(FastMatMul.Question8B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("8.b", answer(), "8ca3336ec795a5eacf1ff3c4b08050c75d01093ace4ab6e69fce1db43cf7a1a4",
            lookAgainAt: "b[p * n + j] with j fixed and p the loop variable");
}

[TestFixture, Category("task:8.c")]
public sealed class Question8_c(Func<int> answer)
{
    public Question8_c() : this(FastMatMul.Question8C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("8.c", answer(), "ae5b092ef2d4c7c52424487d1f816c2c407a3d05009c2f9c0bd12228c4932374",
            lookAgainAt: "blocks along each side of a 100 × 100 C when the last block may be smaller");
}

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:9.1"), WriteItYourself("Tensor.MatMul", "NaiveMatMul", "ReorderedMatMul", "BlockedMatMul", "SimdMatMul", "ParallelMatMul")]
public sealed class Task9_1_MatMulIkj(Action<float[], float[], float[], int, int, int> matMulIkj)
{
    public Task9_1_MatMulIkj() : this(FastMatMul.MatMulIkj) { }

    [Test, Weight(2), Hint("C[i,j] += A[i,p]·B[p,j] with loops i, p, j; clear C first: it may hold old values")]
    public void RectangularMatrices() => MatMulAssert.MatchesEngine(matMulIkj, 3, 4, 5, seed: 200);
}

[TestFixture, Category("task:9.2"), WriteItYourself("Tensor.MatMul", "NaiveMatMul", "ReorderedMatMul", "BlockedMatMul", "SimdMatMul", "ParallelMatMul")]
public sealed class Task9_2_MatMulBlocked(Action<float[], float[], float[], int, int, int, int> matMulBlocked)
{
    public Task9_2_MatMulBlocked() : this(FastMatMul.MatMulBlocked) { }

    [Test, Hint("step i0, p0 and j0 by blockSize; inside, run the plain (i, p, j) loops over one block")]
    public void SizesThatAreMultiplesOfTheBlock() => MatMulAssert.MatchesEngine((a, b, c, m, k, n) => matMulBlocked(a, b, c, m, k, n, 4), 8, 8, 8, seed: 210, blockSize: 4);

    [Test, Weight(2), Hint("the last block along each axis may be smaller: stop at Math.Min(start + blockSize, size)")]
    public void RaggedSizes() => MatMulAssert.MatchesEngine((a, b, c, m, k, n) => matMulBlocked(a, b, c, m, k, n, 4), 10, 7, 9, seed: 211, blockSize: 4);
}

internal static class MatMulAssert
{
    /// <summary>Compares a flat-array matmul with the engine's, starting from a C full of NaN so that a forgotten clear shows.</summary>
    public static void MatchesEngine(Action<float[], float[], float[], int, int, int> matMul, int m, int k, int n, ulong seed, int? blockSize = null)
    {
        var (a, b) = (TensorAssert.Random(seed, m, k), TensorAssert.Random(seed + 1, k, n));
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        matMul(a.ToArray(), b.ToArray(), c, m, k, n);
        var expected = a.MatMul(b);
        var lastTerm = a.Slice(1, k - 1, k).MatMul(b.Slice(0, k - 1, k));
        var cause = c.Any(float.IsNaN) ? $"C still holds its old values (NaN here) at {c.Count(float.IsNaN)} of {c.Length} elements: set C to 0 first (and, blocked, cover every block, the last smaller ones too), then add (+=)"
            : Diagnosis.AllClose(lastTerm.ToArray(), c, 1e-4f) ? "C[i,j] is assigned (=) each term A[i,p]·B[p,j] and keeps only the last: add (+=) over p"
            : blockSize is { } block && (m % block != 0 || n % block != 0)
                && Enumerable.Range(0, c.Length).Where(at => at / n >= m / block * block || at % n >= n / block * block).All(at => c[at] == 0)
                ? $"the last, smaller blocks are skipped (the last rows and columns of C are 0): run them too, each ending at Math.Min(start + {block}, size)"
            : null;
        TensorAssert.Close(expected.ToArray(), c, $"C = A B for A (m, k) = ({m},{k}), B (k, n) = ({k},{n}), flat row-major: C[i, j] at i·n + j", comparison: new Comparison
        {
            Suspects = cause is null ? [] : [new(cause, Tensor.FromArray(c, c.Length))],
        });
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

[TestFixture, Category("task:9.a")]
public sealed class Question9_a(Func<int> answer)
{
    public Question9_a() : this(FastMatMul.Question9A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("9.a", answer(), "11b7463bfca8e49517345a9d3bc9480946631b8b0df251fbaed45dc32f8eb38b",
            lookAgainAt: "2mnk: one multiply and one add per term of each sum");
}

[TestFixture, Category("task:9.b")]
public sealed class Question9_b(Func<int> answer)
{
    public Question9_b() : this(FastMatMul.Question9B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("9.b", answer(), "4e80d03b889fdf4fcabbd9f782f23244c643eab23aead5298368e45fdb02dd5d",
            lookAgainAt: "b[p * n + j] with j fixed and p the loop variable");
}

[TestFixture, Category("task:9.c")]
public sealed class Question9_c(Func<int> answer)
{
    public Question9_c() : this(FastMatMul.Question9C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("9.c", answer(), "8a2bfe51fb7378136dceca8257438afa2b26f5ddf25054eed4fb15744a2211b7",
            lookAgainAt: "blocks along each side of a 100 × 100 C when the last block may be smaller");
}

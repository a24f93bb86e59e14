namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 9's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class FastMatMulMistakes
{
    [Mistake("9.1", "does not clear C before adding to it", mustName: "set C to 0 first")]
    public static void NoClear(float[] a, float[] b, float[] c, int m, int k, int n) => Reordered(a, b, c, m, k, n, clear: false, accumulate: true);

    [Mistake("9.1", "C[i,j] = ... instead of +=", mustName: "add (+=) over p")]
    public static void Assigns(float[] a, float[] b, float[] c, int m, int k, int n) => Reordered(a, b, c, m, k, n, clear: true, accumulate: false);

    [Mistake("9.2", "skips the last, smaller block along each axis", mustName: "smaller blocks are skipped")]
    public static void SkipsRaggedBlocks(float[] a, float[] b, float[] c, int m, int k, int n, int blockSize) => Blocked(a, b, c, m, k, n, blockSize, ragged: false);

    [Mistake("9.2", "runs every block to start + blockSize, past the edge", mustName: "Math.Min")]
    public static void BlocksPastTheEdge(float[] a, float[] b, float[] c, int m, int k, int n, int blockSize) => Blocked(a, b, c, m, k, n, blockSize, ragged: true);

    private static void Reordered(float[] a, float[] b, float[] c, int m, int k, int n, bool clear, bool accumulate)
    {
        if (clear)
        {
            Array.Clear(c);
        }
        for (var i = 0; i < m; i++)
        {
            for (var p = 0; p < k; p++)
            {
                for (var j = 0; j < n; j++)
                {
                    c[i * n + j] = (accumulate ? c[i * n + j] : 0) + a[i * k + p] * b[p * n + j];
                }
            }
        }
    }

    // ragged: blocks end at start + blockSize even past the edge; otherwise only whole blocks are run.
    private static void Blocked(float[] a, float[] b, float[] c, int m, int k, int n, int blockSize, bool ragged)
    {
        Array.Clear(c);
        int Last(int size) => ragged ? size : size / blockSize * blockSize;
        for (var i0 = 0; i0 < Last(m); i0 += blockSize)
        {
            for (var p0 = 0; p0 < Last(k); p0 += blockSize)
            {
                for (var j0 = 0; j0 < Last(n); j0 += blockSize)
                {
                    for (var i = i0; i < i0 + blockSize; i++)
                    {
                        for (var p = p0; p < p0 + blockSize; p++)
                        {
                            for (var j = j0; j < j0 + blockSize; j++)
                            {
                                c[i * n + j] += a[i * k + p] * b[p * n + j];
                            }
                        }
                    }
                }
            }
        }
    }
}

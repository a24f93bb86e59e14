namespace DeepLearning.Backends.MatMul;

/// <summary>
/// Matrix product, version 1: the definition as written. C = A B for row-major A (m×k), B (k×n), C (m×n):
/// C[i,j] = Σ_p A[i,p] B[p,j], one dot product per output element. 2·m·k·n floating-point operations.
/// </summary>
/// <remarks>
/// Why it is slow: the inner loop walks down a column of B, n floats apart. Each step lands on a new 64-byte
/// cache line and uses 4 bytes of it, and for n a large power of two the lines of one column all compete for
/// the same few slots of the cache. Measured on the course machine: 1.2-1.6 GFLOPS at n = 512, 0.4 at n = 1024
/// (tests/Benchmarks/results).
/// </remarks>
public static class NaiveMatMul
{
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n)
    {
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
    }
}

namespace DeepLearning;

internal static class MatMulKernels
{
    /// <summary>
    /// C = A B for row-major A (m×k), B (k×n), C (m×n): C[i,j] = Σ_p A[i,p] B[p,j].
    /// The loops run i, p, j so that the innermost loop walks rows of B and C in order (cache-friendly).
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        c.Clear();
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            for (var p = 0; p < k; p++)
            {
                var scale = a[i * k + p];
                var bRow = b.Slice(p * n, n);
                for (var j = 0; j < n; j++)
                {
                    row[j] += scale * bRow[j];
                }
            }
        }
    }
}

namespace DeepLearning.Backends.MatMul;

/// <summary>
/// Matrix product, version 2: the same sums in another order. With the loops as i, p, j, the innermost loop
/// adds A[i,p] times row p of B into row i of C: C[i,·] += A[i,p] · B[p,·] (an "axpy").
/// </summary>
/// <remarks>
/// Why it is faster: both inner-loop operands are now rows, read and written in order, so every byte of each
/// cache line is used and the hardware prefetcher sees the stream coming. Nothing else changed: the same
/// 2·m·k·n operations, in the same floating-point precision (the additions into C[i,j] happen in the same
/// p order, so the result is bit-for-bit that of version 1 up to the JIT's choices).
/// Measured: 3.5-6 GFLOPS at n = 512 (it varies from run to run), 2.5 at 1024 on a busy machine, against 0.4 for
/// version 1 at 1024. What limits it now is the scalar loop itself: one multiply and one add per element.
/// </remarks>
public static class ReorderedMatMul
{
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        Array.Clear(c, 0, m * n);
        for (var i = 0; i < m; i++)
        {
            var cRow = c.AsSpan(i * n, n);
            for (var p = 0; p < k; p++)
            {
                var scale = a[i * k + p];
                var bRow = b.AsSpan(p * n, n);
                for (var j = 0; j < cRow.Length; j++)
                {
                    cRow[j] += scale * bRow[j];
                }
            }
        }
    }
}

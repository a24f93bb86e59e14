namespace DeepLearning.Backends.MatMul;

/// <summary>
/// Matrix product, version 3: version 2 on tiles. C is computed a block of rows at a time against a block of
/// B (<see cref="DepthBlock"/> rows × <see cref="ColumnBlock"/> columns = 256 KiB), so that the block of B
/// stays in the L2 cache while every row of the A block passes over it.
/// </summary>
/// <remarks>
/// Blocking changes which data is in the cache, not how many operations run: C[i, j0..j1] still receives
/// Σ_p A[i,p] B[p,j] over every p, now in k/<see cref="DepthBlock"/> instalments. On the course machine it does
/// not pay on its own: blocked and reordered are within run-to-run noise of each other at n = 512 and 1024
/// (3.5-6 GFLOPS), because a scalar multiply-add per element is slower than memory can feed it (the 1 MiB L2
/// holds a 512×512 B, and the prefetcher streams B's rows). Blocking is what lets version 4 go fast: 8-wide
/// fused multiply-adds consume data 16 times as fast, and then it is the cache that has to keep up.
/// </remarks>
public static class BlockedMatMul
{
    public const int RowBlock = 64;
    public const int DepthBlock = 256;
    public const int ColumnBlock = 256;

    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        Array.Clear(c, 0, m * n);
        for (var j0 = 0; j0 < n; j0 += ColumnBlock)
        {
            var width = Math.Min(ColumnBlock, n - j0);
            for (var p0 = 0; p0 < k; p0 += DepthBlock)
            {
                var depth = Math.Min(DepthBlock, k - p0);
                for (var i0 = 0; i0 < m; i0 += RowBlock)
                {
                    var height = Math.Min(RowBlock, m - i0);
                    MultiplyTile(a, b, c, k, n, i0, height, p0, depth, j0, width);
                }
            }
        }
    }

    /// <summary>C[i0.., j0..] += A[i0.., p0..] · B[p0.., j0..] for one tile, in version 2's i, p, j order.</summary>
    private static void MultiplyTile(float[] a, float[] b, float[] c, int k, int n, int i0, int height, int p0, int depth, int j0, int width)
    {
        for (var i = i0; i < i0 + height; i++)
        {
            var cRow = c.AsSpan(i * n + j0, width);
            for (var p = p0; p < p0 + depth; p++)
            {
                var scale = a[i * k + p];
                var bRow = b.AsSpan(p * n + j0, width);
                for (var j = 0; j < cRow.Length; j++)
                {
                    cRow[j] += scale * bRow[j];
                }
            }
        }
    }
}

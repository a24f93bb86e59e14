namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// What the matmul kernels compute, as plain loops that accumulate in double, so that their own rounding is far
/// below a float kernel's. Every version of <see cref="MatMulKernels"/> is validated against these.
/// </summary>
public static class MatMulReference
{
    /// <summary>C = A·B for row-major A (m×k) and B (k×n): C[i,j] = Σ_p A[i,p]·B[p,j], summed in double.</summary>
    public static float[] MatMul(float[] a, float[] b, int m, int k, int n)
    {
        var c = new float[m * n];
        var row = new double[n];
        for (var i = 0; i < m; i++)
        {
            Array.Clear(row);
            for (var p = 0; p < k; p++)
            {
                // i-p-j order: the inner loop walks a row of B and a row of C, contiguous in memory.
                double aip = a[i * k + p];
                for (var j = 0; j < n; j++)
                {
                    row[j] += aip * b[p * n + j];
                }
            }
            for (var j = 0; j < n; j++)
            {
                c[i * n + j] = (float)row[j];
            }
        }
        return c;
    }

    /// <summary>One entry C[i,j] of A·B, for checking a sample of a product too large to recompute whole.</summary>
    public static double Entry(float[] a, float[] b, int k, int n, int i, int j)
    {
        var sum = 0.0;
        for (var p = 0; p < k; p++)
        {
            sum += (double)a[i * k + p] * b[p * n + j];
        }
        return sum;
    }
}

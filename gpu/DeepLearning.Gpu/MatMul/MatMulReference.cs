namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// Plain loops that define what each kernel family computes, accumulating in double so that their own
/// rounding is far below a float kernel's. Every kernel is validated against these.
/// </summary>
public static class CpuReference
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
    public static double MatMulEntry(float[] a, float[] b, int k, int n, int i, int j)
    {
        var sum = 0.0;
        for (var p = 0; p < k; p++)
        {
            sum += (double)a[i * k + p] * b[p * n + j];
        }
        return sum;
    }

    /// <summary>Σ x, in double.</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        var sum = 0.0;
        foreach (var value in x)
        {
            sum += value;
        }
        return sum;
    }

    /// <summary>y[i,j] = exp(x[i,j] − max_q x[i,q]) / Σ_q exp(x[i,q] − max_q x[i,q]) along each row, in double.</summary>
    public static float[] Softmax(float[] x, int rows, int columns)
    {
        var y = new float[rows * columns];
        for (var i = 0; i < rows; i++)
        {
            var row = x.AsSpan(i * columns, columns);
            double max = float.MinValue;
            foreach (var value in row)
            {
                max = Math.Max(max, value);
            }
            var sum = 0.0;
            foreach (var value in row)
            {
                sum += Math.Exp(value - max);
            }
            for (var j = 0; j < columns; j++)
            {
                y[i * columns + j] = (float)(Math.Exp(row[j] - max) / sum);
            }
        }
        return y;
    }

    /// <summary>max_i |actual[i] − expected[i]|; the arrays must have the same length.</summary>
    public static double MaxAbsError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException($"max abs error: {actual.Length} values against {expected.Length}");
        }
        var max = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            // NaN compares false with everything; count it as an infinite error rather than skip it.
            var error = Math.Abs((double)actual[i] - expected[i]);
            max = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(max, error);
        }
        return max;
    }
}

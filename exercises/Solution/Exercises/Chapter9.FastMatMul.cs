namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 9: the same product C = A B (A m×k, B k×n, all row-major flat arrays) with loops arranged to suit the
/// cache. Each method overwrites C.
/// </summary>
public static class FastMatMul
{
    // Task 9.1: matmul with the loops reordered (i, p, j)
    // Write it yourself; not allowed here: Tensor.MatMul, NaiveMatMul, ReorderedMatMul, BlockedMatMul, SimdMatMul, ParallelMatMul
    /// <summary>
    /// C[i,j] = Σ_p A[i,p]·B[p,j], with the loop over j innermost: it then walks B and C along rows, one cache
    /// line after the next, instead of jumping a whole row of B each step.
    /// </summary>
    public static void MatMulIkj(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        // BEGIN SOLUTION
        Array.Clear(c, 0, m * n);
        for (var i = 0; i < m; i++)
        {
            for (var p = 0; p < k; p++)
            {
                var aip = a[i * k + p];
                for (var j = 0; j < n; j++)
                {
                    c[i * n + j] += aip * b[p * n + j];
                }
            }
        }
        // END SOLUTION
    }

    // Task 9.2: blocked (tiled) matmul
    // Write it yourself; not allowed here: Tensor.MatMul, NaiveMatMul, ReorderedMatMul, BlockedMatMul, SimdMatMul, ParallelMatMul
    /// <summary>
    /// The same product computed block by block: for each blockSize×blockSize tile of C, accumulate the products
    /// of the matching tiles of A and B, so that the tiles being reused stay in cache. Sizes need not be
    /// multiples of blockSize.
    /// </summary>
    public static void MatMulBlocked(float[] a, float[] b, float[] c, int m, int k, int n, int blockSize)
    {
        // BEGIN SOLUTION
        Array.Clear(c, 0, m * n);
        for (var i0 = 0; i0 < m; i0 += blockSize)
        {
            for (var p0 = 0; p0 < k; p0 += blockSize)
            {
                for (var j0 = 0; j0 < n; j0 += blockSize)
                {
                    var iEnd = Math.Min(i0 + blockSize, m);
                    var pEnd = Math.Min(p0 + blockSize, k);
                    var jEnd = Math.Min(j0 + blockSize, n);
                    for (var i = i0; i < iEnd; i++)
                    {
                        for (var p = p0; p < pEnd; p++)
                        {
                            var aip = a[i * k + p];
                            for (var j = j0; j < jEnd; j++)
                            {
                                c[i * n + j] += aip * b[p * n + j];
                            }
                        }
                    }
                }
            }
        }
        // END SOLUTION
    }

    // Question 9.a: the flops of a 64×128 by 128×32 product
    /// <summary>Your answer to quick question 9.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question9A()
    {
        // BEGIN SOLUTION
        return 524288;
        // END SOLUTION
    }

    // Question 9.b: the distance between the naive loop's reads of B
    /// <summary>Your answer to quick question 9.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question9B()
    {
        // BEGIN SOLUTION
        return 1000;
        // END SOLUTION
    }

    // Question 9.c: the tiles of C for blocks of 64
    /// <summary>Your answer to quick question 9.c in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question9C()
    {
        // BEGIN SOLUTION
        return 4;
        // END SOLUTION
    }
}

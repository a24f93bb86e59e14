using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Backends.MatMul;

/// <summary>
/// <see cref="MicroKernel"/> twice as wide, for cores with 512-bit vectors (AVX-512): a 6×32 block of C in twelve
/// 16-float registers, fed by one packed 6-row sliver of A and two neighbouring packed 16-column slivers of B.
/// </summary>
/// <remarks>
/// The packing is the same as for the 6×16 kernel: step p of a 16-column sliver is 16 consecutive floats, exactly
/// one 512-bit vector, so the kernel reads two slivers side by side instead of one. Per step: two B loads, six
/// broadcasts of A and 12 fused multiply-adds of 16 lanes (384 flops). Where the core executes a 512-bit
/// multiply-add in one go (as AMD Zen 5 and Intel's server cores do), that is twice the work of the 6×16 kernel
/// per instruction; where it splits it in two (Zen 4), it is no slower. Each element of C still adds its products
/// in the order p = 0, 1, 2, ..., so both kernels give the same bits.
/// </remarks>
internal static unsafe class WideMicroKernel
{
    public const int Rows = MicroKernel.Rows;
    public const int Columns = 2 * MicroKernel.Columns;

    /// <summary>Whether this machine runs 512-bit vectors in hardware (otherwise they would be emulated, slowly).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>
    /// C[r, j] (+)= Σ_p a[p·6 + r] · left[p·16 + j] and C[r, 16 + j] (+)= Σ_p a[p·6 + r] · right[p·16 + j], for r &lt; 6,
    /// j &lt; 16: <paramref name="left"/> and <paramref name="right"/> are two packed 16-column slivers of B.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int depth, float* a, float* left, float* right, float* c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < depth; p++)
        {
            var b0 = Vector512.Load(left);
            var b1 = Vector512.Load(right);
            var ar = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            a += Rows;
            left += MicroKernel.Columns;
            right += MicroKernel.Columns;
        }
        Store(c, c00, c01, accumulate);
        Store(c + ldc, c10, c11, accumulate);
        Store(c + 2 * ldc, c20, c21, accumulate);
        Store(c + 3 * ldc, c30, c31, accumulate);
        Store(c + 4 * ldc, c40, c41, accumulate);
        Store(c + 5 * ldc, c50, c51, accumulate);
    }

    /// <summary>The same for fewer than six rows of C: the full tile into a scratch block, then the rows inside C.</summary>
    public static void MultiplyEdge(int depth, float* a, float* left, float* right, float* c, int ldc, bool accumulate, int rows)
    {
        var tile = stackalloc float[Rows * Columns];
        Multiply(depth, a, left, right, tile, Columns, accumulate: false);
        for (var r = 0; r < rows; r++)
        {
            var source = Vector512.Load(tile + r * Columns);
            var source2 = Vector512.Load(tile + r * Columns + 16);
            Store(c + r * ldc, source, source2, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* row, Vector512<float> left, Vector512<float> right, bool accumulate)
    {
        if (accumulate)
        {
            left += Vector512.Load(row);
            right += Vector512.Load(row + 16);
        }
        left.Store(row);
        right.Store(row + 16);
    }
}

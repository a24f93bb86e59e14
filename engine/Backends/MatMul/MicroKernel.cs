using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Backends.MatMul;

/// <summary>
/// The innermost piece of the fast matrix product: a 6×16 block of C held in twelve 8-float registers while
/// a packed 6-row sliver of A and a packed 16-column sliver of B stream past.
/// </summary>
/// <remarks>
/// Per step p it loads two vectors of B (B[p, 0..7], B[p, 8..15]), broadcasts each of the six A[r, p] to all
/// 8 lanes and issues 12 fused multiply-adds: C[r, 0..15] += A[r, p] · B[p, 0..15]. That is 192 flops for 8
/// loads, so the two FMA units, not memory, set the pace. 12 accumulators + 2 B vectors + 1 broadcast = 15 of
/// the 16 AVX2 registers: the largest tile that does not spill (why 6×16 and not 8×16).
/// The panels are packed (<see cref="PanelPacking"/>) so that both slivers are read strictly in order.
/// </remarks>
internal static unsafe class MicroKernel
{
    public const int Rows = 6;
    public const int Columns = 16;

    /// <summary>
    /// C[r, j] (+)= Σ_p a[p·6 + r] · b[p·16 + j] for r &lt; 6, j &lt; 16; C row-major with row stride
    /// <paramref name="ldc"/>. Adds to C when <paramref name="accumulate"/>, overwrites it otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int depth, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < depth; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var ar = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ar, b1, c51);
            a += Rows;
            b += Columns;
        }
        Store(c, c00, c01, accumulate);
        Store(c + ldc, c10, c11, accumulate);
        Store(c + 2 * ldc, c20, c21, accumulate);
        Store(c + 3 * ldc, c30, c31, accumulate);
        Store(c + 4 * ldc, c40, c41, accumulate);
        Store(c + 5 * ldc, c50, c51, accumulate);
    }

    /// <summary>
    /// The same for a tile cut short by the edge of C (<paramref name="rows"/> ≤ 6, <paramref name="columns"/>
    /// ≤ 16): the full tile is computed into a scratch block (the packed panels are zero-padded, so the extra
    /// rows and columns are harmless), and only the part inside C is written.
    /// </summary>
    public static void MultiplyEdge(int depth, float* a, float* b, float* c, int ldc, bool accumulate, int rows, int columns)
    {
        var tile = stackalloc float[Rows * Columns];
        Multiply(depth, a, b, tile, Columns, accumulate: false);
        for (var r = 0; r < rows; r++)
        {
            var target = c + r * ldc;
            for (var j = 0; j < columns; j++)
            {
                target[j] = accumulate ? target[j] + tile[r * Columns + j] : tile[r * Columns + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* row, Vector256<float> left, Vector256<float> right, bool accumulate)
    {
        if (accumulate)
        {
            left += Vector256.Load(row);
            right += Vector256.Load(row + 8);
        }
        left.Store(row);
        right.Store(row + 8);
    }
}

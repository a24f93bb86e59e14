using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Backends.MatMul;

/// <summary>
/// Copies a block of A or B into the order in which <see cref="MicroKernel"/> reads it ("packing").
/// </summary>
/// <remarks>
/// A block of A (rows × depth) becomes a sequence of 6-row slivers, each stored column by column:
/// sliver s holds A[6s + r, p] at position p·6 + r. A block of B (depth × columns) becomes 16-column slivers
/// stored row by row: sliver s holds B[p, 16s + j] at p·16 + j. The kernel then walks both with a pointer
/// increment, never jumps by a row stride, and never meets the 4 KiB strides that make the rows of a
/// power-of-two matrix collide in the cache. Slivers at the edge are padded with zeros.
/// The copy costs O(rows·depth) against the O(rows·depth·columns) multiply-adds that read it, and it is where
/// the operand's layout stops mattering: a transposed operand (a stride other than 1 along its row) is packed
/// as easily as a row-major one, so the backward pass multiplies by Aᵀ and Bᵀ without a transposed copy.
/// </remarks>
internal static unsafe class PanelPacking
{
    private const int Mr = MicroKernel.Rows;
    private const int Nr = MicroKernel.Columns;

    /// <summary>Packs A[0..rows, 0..depth] of <paramref name="a"/> (already moved to the block's corner).</summary>
    public static void PackA(StridedMatrix a, int rows, int depth, float* destination)
    {
        fixed (float* data = a.Data)
        {
            for (var first = 0; first < rows; first += Mr)
            {
                var height = Math.Min(Mr, rows - first);
                var sliver = destination + first * depth;
                var source = data + a.Offset + first * a.RowStride;
                if (height < Mr)
                {
                    new Span<float>(sliver, Mr * depth).Clear();
                }
                if (a.RowStride == 1 && height == Mr)
                {
                    // A stored column by column (a transposed view): each step's six values are adjacent already.
                    for (var p = 0; p < depth; p++)
                    {
                        var from = source + p * a.ColumnStride;
                        var to = sliver + p * Mr;
                        to[0] = from[0];
                        to[1] = from[1];
                        to[2] = from[2];
                        to[3] = from[3];
                        to[4] = from[4];
                        to[5] = from[5];
                    }
                    continue;
                }
                if (height == Mr && a.ColumnStride == 1 && Avx.IsSupported)
                {
                    PackRowMajorSliver(source, a.RowStride, depth, sliver);
                    continue;
                }
                for (var r = 0; r < height; r++)
                {
                    var row = source + r * a.RowStride;
                    for (var p = 0; p < depth; p++)
                    {
                        sliver[p * Mr + r] = row[p * a.ColumnStride];
                    }
                }
            }
        }
    }

    /// <summary>
    /// A full 6-row sliver of a row-major A: eight steps of the six rows are loaded as six vectors (plus two
    /// zero ones) and transposed in registers into eight 6-float groups. Each group is stored as a full 8-float
    /// vector whose last two lanes spill into the next group's place and are overwritten by it: stores go in
    /// increasing order, and the buffer has room for the spill after the last group (see SimdMatMul).
    /// </summary>
    private static void PackRowMajorSliver(float* rows, int rowStride, int depth, float* sliver)
    {
        var p = 0;
        var zero = Vector256<float>.Zero;
        for (; p + 8 <= depth; p += 8)
        {
            var source = rows + p;
            Transpose8x8(
                Avx.LoadVector256(source), Avx.LoadVector256(source + rowStride), Avx.LoadVector256(source + 2 * rowStride),
                Avx.LoadVector256(source + 3 * rowStride), Avx.LoadVector256(source + 4 * rowStride), Avx.LoadVector256(source + 5 * rowStride),
                zero, zero, sliver + p * Mr, Mr);
        }
        for (; p < depth; p++)
        {
            for (var r = 0; r < Mr; r++)
            {
                sliver[p * Mr + r] = rows[r * rowStride + p];
            }
        }
    }

    /// <summary>Packs B[0..depth, 0..columns] of <paramref name="b"/> (already moved to the block's corner).</summary>
    public static void PackB(StridedMatrix b, int depth, int columns, float* destination)
    {
        fixed (float* data = b.Data)
        {
            for (var first = 0; first < columns; first += Nr)
            {
                var width = Math.Min(Nr, columns - first);
                var sliver = destination + first * depth;
                var source = data + b.Offset + first * b.ColumnStride;
                if (width == Nr && b.ColumnStride == 1)
                {
                    // Row-major B: each step is 16 consecutive floats, two vector copies.
                    for (var p = 0; p < depth; p++)
                    {
                        var row = source + p * b.RowStride;
                        Vector256.Load(row).Store(sliver + p * Nr);
                        Vector256.Load(row + 8).Store(sliver + p * Nr + 8);
                    }
                    continue;
                }
                if (width == Nr && b.RowStride == 1 && Avx.IsSupported)
                {
                    PackColumnMajorSliver(source, b.ColumnStride, depth, sliver);
                    continue;
                }
                if (width < Nr)
                {
                    new Span<float>(sliver, Nr * depth).Clear();
                }
                // Any other layout (a transposed B has its columns contiguous): one column at a time.
                for (var j = 0; j < width; j++)
                {
                    var column = source + j * b.ColumnStride;
                    for (var p = 0; p < depth; p++)
                    {
                        sliver[p * Nr + j] = column[p * b.RowStride];
                    }
                }
            }
        }
    }

    /// <summary>
    /// A full 16-column sliver of a B stored column by column (Bᵀ row-major: Linear's Wᵀ, im2col columns
    /// transposed): eight steps of 16 columns are read as 16 vectors down the columns and turned into eight
    /// 16-wide rows by two 8×8 transposes in registers, instead of 128 single-float stores.
    /// </summary>
    private static void PackColumnMajorSliver(float* columns, int columnStride, int depth, float* sliver)
    {
        var p = 0;
        for (; p + 8 <= depth; p += 8)
        {
            for (var half = 0; half < 2; half++)
            {
                var first = columns + half * 8 * columnStride + p;
                var target = sliver + p * Nr + half * 8;
                Transpose8x8(first, columnStride, target, Nr);
            }
        }
        for (; p < depth; p++)
        {
            for (var j = 0; j < Nr; j++)
            {
                sliver[p * Nr + j] = columns[j * columnStride + p];
            }
        }
    }

    /// <summary>
    /// Writes the transpose of the 8×8 block whose row i starts at source + i·sourceStride to the block whose
    /// row i starts at target + i·targetStride: unpack pairs, shuffle quads, swap 128-bit halves (24 shuffles).
    /// Rows are stored in order, 0 to 7.
    /// </summary>
    private static void Transpose8x8(float* source, int sourceStride, float* target, int targetStride) =>
        Transpose8x8(
            Avx.LoadVector256(source), Avx.LoadVector256(source + sourceStride), Avx.LoadVector256(source + 2 * sourceStride),
            Avx.LoadVector256(source + 3 * sourceStride), Avx.LoadVector256(source + 4 * sourceStride), Avx.LoadVector256(source + 5 * sourceStride),
            Avx.LoadVector256(source + 6 * sourceStride), Avx.LoadVector256(source + 7 * sourceStride), target, targetStride);

    /// <summary>Stores the transpose of the 8×8 block with rows r0..r7: row k of the result (r0[k], ..., r7[k]) at target + k·targetStride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* target, int targetStride)
    {
        // Interleave neighbouring rows: t0 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], ...
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        // Gather four rows' elements: u0 = r0[0] r1[0] r2[0] r3[0] | r0[4] r1[4] r2[4] r3[4], ...
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        // Join the halves of rows 0-3 and 4-7: column k of the source becomes row k of the target.
        Avx.Store(target, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(target + targetStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(target + 2 * targetStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(target + 3 * targetStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(target + 4 * targetStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(target + 5 * targetStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(target + 6 * targetStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(target + 7 * targetStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}

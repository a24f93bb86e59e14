using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Backends.Fast;

/// <summary>
/// Max pooling on the fast backend: blocks of planes split across threads; the common 2×2 window with stride 2
/// eight outputs at a time in AVX2 registers on rows of at least 8 windows, four at a time in SSE registers on rows
/// of 4 to 7 (a scalar loop here mispredicts on every other comparison), any other window by the reference's loop
/// with the row offsets hoisted.
/// </summary>
internal static class MaxPoolPlanes
{
    private const int PlanesPerBlock = 64;

    public static void Run(float[] images, ConvolutionGeometry g, float[] output, int[] winners, ParallelOptions options)
    {
        var planes = g.Batch * g.Channels;
        var blocks = (planes + PlanesPerBlock - 1) / PlanesPerBlock;
        Parallel.For(0, blocks, options, block =>
        {
            var last = Math.Min(planes, (block + 1) * PlanesPerBlock);
            for (var plane = block * PlanesPerBlock; plane < last; plane++)
            {
                PoolPlane(images, g, plane, plane, output, winners);
            }
        });
    }

    /// <summary>
    /// Pools the <c>g.Channels</c> planes of one image held alone in <paramref name="image"/> (the convolution's
    /// output in <see cref="ImageByImageConvolution"/>, pooled while it is in the cache) into output planes
    /// <paramref name="firstOutputPlane"/>, ... of the batch; the winners are positions in <paramref name="image"/>.
    /// </summary>
    public static void PoolImage(float[] image, ConvolutionGeometry g, int firstOutputPlane, float[] output, int[] winners)
    {
        for (var plane = 0; plane < g.Channels; plane++)
        {
            PoolPlane(image, g, plane, firstOutputPlane + plane, output, winners);
        }
    }

    /// <summary>
    /// The backward of <see cref="PoolImage"/> and of the ReLU before it, for one image: writes into
    /// <paramref name="gradient"/> (the image's convolution output gradient) each window's upstream gradient at its
    /// winner where the window's maximum is positive (the ReLU's rule: no gradient where its input was ≤ 0, and the
    /// winner's ReLU output is the window's maximum; a NaN passes), adding where windows share a winner, and 0
    /// elsewhere. Windows that tile the planes go through the vector loop, which writes every element.
    /// </summary>
    public static void RouteImageThroughRelu(
        float[] upstream, float[] pooled, int[] winners, ConvolutionGeometry g, int firstOutputPlane, Span<float> gradient)
    {
        if (Tiles(g) && IsVectorTwoByTwo(g))
        {
            for (var plane = 0; plane < g.Channels; plane++)
            {
                RoutePlane2x2(upstream, winners, pooled, g, plane, firstOutputPlane + plane, gradient);
            }
            return;
        }
        gradient.Clear();
        var first = firstOutputPlane * g.Length;
        for (var w = first; w < first + g.Channels * g.Length; w++)
        {
            gradient[winners[w]] += pooled[w] <= 0 ? 0 : upstream[w];
        }
    }

    /// <summary>Whether the windows tile the planes exactly (stride = kernel, sizes divisible: the usual 2×2 pooling).</summary>
    private static bool Tiles(ConvolutionGeometry g) =>
        g.Stride == g.KernelHeight && g.Stride == g.KernelWidth && g.Height % g.Stride == 0 && g.Width % g.Stride == 0;

    /// <summary>
    /// Routes each window's gradient to its winner, a block of planes per thread (windows never cross planes, so
    /// threads never write the same element). When the windows tile the image exactly (stride = kernel, sizes
    /// divisible: the usual 2×2 pooling), each window writes its own elements, zeros and the winner's value, so
    /// the gradient needs no clearing pass first; otherwise the planes are cleared and the gradients added.
    /// </summary>
    public static void Backward(float[] upstream, int[] winners, ConvolutionGeometry g, float[] gradient, ParallelOptions options)
    {
        var tiles = Tiles(g);
        var planes = g.Batch * g.Channels;
        var blocks = (planes + PlanesPerBlock - 1) / PlanesPerBlock;
        Parallel.For(0, blocks, options, block =>
        {
            var (first, last) = (block * PlanesPerBlock, Math.Min(planes, (block + 1) * PlanesPerBlock));
            var windows = g.OutHeight * g.OutWidth;
            if (!tiles)
            {
                gradient.AsSpan(first * g.Height * g.Width, (last - first) * g.Height * g.Width).Clear();
                for (var w = first * windows; w < last * windows; w++)
                {
                    gradient[winners[w]] += upstream[w];
                }
                return;
            }
            for (var plane = first; plane < last; plane++)
            {
                if (IsVectorTwoByTwo(g))
                {
                    RoutePlane2x2(upstream, winners, null, g, plane, plane, gradient);
                    continue;
                }
                for (var oy = 0; oy < g.OutHeight; oy++)
                {
                    var w = (plane * g.OutHeight + oy) * g.OutWidth;
                    var top = (plane * g.Height + oy * g.Stride) * g.Width;
                    for (var i = 0; i < g.KernelHeight; i++)
                    {
                        gradient.AsSpan(top + i * g.Width, g.Width).Clear();
                    }
                    for (var ox = 0; ox < g.OutWidth; ox++, w++)
                    {
                        gradient[winners[w]] = upstream[w];
                    }
                }
            }
        });
    }

    /// <summary>
    /// 2×2 windows with stride 2 on rows of at least four windows, the shape that the vector loops below handle
    /// (four windows at a time, the last four of a row overlapping the ones before when the row is no multiple of 4).
    /// </summary>
    private static bool IsVectorTwoByTwo(ConvolutionGeometry g) =>
        g.KernelHeight == 2 && g.KernelWidth == 2 && g.Stride == 2 && g.OutWidth >= 4 && Sse.IsSupported;

    /// <summary>Plane <paramref name="plane"/> of <paramref name="images"/> into plane <paramref name="outputPlane"/> of the output and its winners.</summary>
    private static void PoolPlane(float[] images, ConvolutionGeometry g, int plane, int outputPlane, float[] output, int[] winners)
    {
        if (IsVectorTwoByTwo(g))
        {
            PoolPlane2x2(images, g, plane, outputPlane, output, winners);
        }
        else
        {
            PoolPlaneWindowByWindow(images, g, plane, outputPlane, output, winners);
        }
    }

    /// <summary>The windows of one plane, one at a time.</summary>
    private static void PoolPlaneWindowByWindow(float[] images, ConvolutionGeometry g, int plane, int outputPlane, float[] output, int[] winners)
    {
        int width = g.Width, stride = g.Stride, kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth;
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var windowRow = (plane * g.Height + oy * stride) * width;
            var target = (outputPlane * g.OutHeight + oy) * g.OutWidth;
            for (var ox = 0; ox < g.OutWidth; ox++, target++)
            {
                var first = windowRow + ox * stride;
                var best = first;
                var bestValue = images[first];
                for (var i = 0; i < kernelHeight; i++)
                {
                    var row = first + i * width;
                    for (var j = i == 0 ? 1 : 0; j < kernelWidth; j++)
                    {
                        var value = images[row + j];
                        // The same rule as the reference: strictly greater wins, and so does any NaN.
                        if (value > bestValue || float.IsNaN(value))
                        {
                            (best, bestValue) = (row + j, value);
                        }
                    }
                }
                output[target] = bestValue;
                winners[target] = best;
            }
        }
    }

    /// <summary>
    /// 2×2 windows with stride 2, four outputs at a time: two rows of 8 inputs are split into their even and
    /// odd columns (the four corners of four windows), and the corners are compared in the reference's order,
    /// top-left, top-right, bottom-left, bottom-right, keeping the first maximum (or the last NaN) and its offset.
    /// A row whose length is no multiple of 4 ends with the last four windows, which overlap ones already done and
    /// write the same values again: a scalar loop over the leftovers cost more than all the vector steps (its
    /// comparisons mispredict on every other window).
    /// </summary>
    private static void PoolPlane2x2(float[] images, ConvolutionGeometry g, int plane, int outputPlane, float[] output, int[] winners)
    {
        if (Avx2.IsSupported && g.OutWidth >= 8)
        {
            PoolPlane2x2EightWide(images, g, plane, outputPlane, output, winners);
            return;
        }
        var width = g.Width;
        var lanes = Vector128.Create(0, 2, 4, 6);
        ref var source = ref MemoryMarshal.GetArrayDataReference(images);
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var top = (plane * g.Height + 2 * oy) * width;
            var target = (outputPlane * g.OutHeight + oy) * g.OutWidth;
            for (var step = 0; step < g.OutWidth; step += 4)
            {
                var ox = Math.Min(step, g.OutWidth - 4);
                var first = top + 2 * ox;
                var (upper0, upper1) = (Vector128.LoadUnsafe(ref source, (nuint)first), Vector128.LoadUnsafe(ref source, (nuint)first + 4));
                var (lower0, lower1) = (Vector128.LoadUnsafe(ref source, (nuint)(first + width)), Vector128.LoadUnsafe(ref source, (nuint)(first + width) + 4));
                var best = Sse.Shuffle(upper0, upper1, 0b10_00_10_00);
                var offset = Vector128<int>.Zero;
                Take(Sse.Shuffle(upper0, upper1, 0b11_01_11_01), 1, ref best, ref offset);
                Take(Sse.Shuffle(lower0, lower1, 0b10_00_10_00), width, ref best, ref offset);
                Take(Sse.Shuffle(lower0, lower1, 0b11_01_11_01), width + 1, ref best, ref offset);
                best.CopyTo(output, target + ox);
                (Vector128.Create(first) + lanes + offset).CopyTo(winners, target + ox);
            }
        }
    }

    /// <summary>
    /// <see cref="PoolPlane2x2"/> eight windows at a time (rows of at least 8 windows, AVX2): two rows of 16 inputs
    /// are split into their even and odd columns by an in-lane shuffle and a reordering of 64-bit quarters
    /// (<see cref="EvenColumns"/>, <see cref="OddColumns"/>), then compared as in the 4-window loop.
    /// </summary>
    private static void PoolPlane2x2EightWide(float[] images, ConvolutionGeometry g, int plane, int outputPlane, float[] output, int[] winners)
    {
        var width = g.Width;
        var lanes = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        ref var source = ref MemoryMarshal.GetArrayDataReference(images);
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var top = (plane * g.Height + 2 * oy) * width;
            var target = (outputPlane * g.OutHeight + oy) * g.OutWidth;
            for (var step = 0; step < g.OutWidth; step += 8)
            {
                var ox = Math.Min(step, g.OutWidth - 8);
                var first = top + 2 * ox;
                var (upper0, upper1) = (Vector256.LoadUnsafe(ref source, (nuint)first), Vector256.LoadUnsafe(ref source, (nuint)first + 8));
                var (lower0, lower1) = (Vector256.LoadUnsafe(ref source, (nuint)(first + width)), Vector256.LoadUnsafe(ref source, (nuint)(first + width) + 8));
                var best = EvenColumns(upper0, upper1);
                var offset = Vector256<int>.Zero;
                Take(OddColumns(upper0, upper1), 1, ref best, ref offset);
                Take(EvenColumns(lower0, lower1), width, ref best, ref offset);
                Take(OddColumns(lower0, lower1), width + 1, ref best, ref offset);
                best.CopyTo(output, target + ox);
                (Vector256.Create(first) + lanes + offset).CopyTo(winners, target + ox);
            }
        }
    }

    /// <summary>
    /// Elements 0, 2, ..., 14 of the 16 in (a, b): the in-lane shuffle gives a0 a2 b0 b2 | a4 a6 b4 b6, whose 64-bit
    /// quarters, reordered 0 2 1 3, are a0 a2 a4 a6 b0 b2 b4 b6.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> EvenColumns(Vector256<float> a, Vector256<float> b) =>
        Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>Elements 1, 3, ..., 15 of the 16 in (a, b), as <see cref="EvenColumns"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> OddColumns(Vector256<float> a, Vector256<float> b) =>
        Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>
    /// The backward of <see cref="PoolPlane2x2"/> when the windows tile the plane: each window's four gradient
    /// elements are written at once, the upstream value where the winner is and 0 at the other three corners.
    /// Four windows at a time: their winners' offsets (0, 1, W or W + 1 from the top-left corner) select the
    /// upstream values into the even and odd columns of the two rows, which are interleaved back into 8-float rows.
    /// The windows are those of output plane <paramref name="outputPlane"/>, the gradient is written to plane
    /// <paramref name="plane"/> of <paramref name="gradient"/>; with <paramref name="reluOutput"/> (the pooled output
    /// of a ReLU), a window whose maximum is ≤ 0 passes nothing.
    /// </summary>
    private static void RoutePlane2x2(
        float[] upstream, int[] winners, float[]? reluOutput, ConvolutionGeometry g, int plane, int outputPlane, Span<float> gradient)
    {
        if (Avx2.IsSupported && g.OutWidth >= 8)
        {
            RoutePlane2x2EightWide(upstream, winners, reluOutput, g, plane, outputPlane, gradient);
            return;
        }
        var width = g.Width;
        var lanes = Vector128.Create(0, 2, 4, 6);
        ref var target = ref MemoryMarshal.GetReference(gradient);
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var top = (plane * g.Height + 2 * oy) * width;
            var windowRow = (outputPlane * g.OutHeight + oy) * g.OutWidth;
            for (var step = 0; step < g.OutWidth; step += 4)
            {
                var ox = Math.Min(step, g.OutWidth - 4);
                var first = top + 2 * ox;
                var values = Vector128.Create(upstream.AsSpan(windowRow + ox, 4));
                if (reluOutput is not null)
                {
                    var blocked = Vector128.LessThanOrEqual(Vector128.Create(reluOutput.AsSpan(windowRow + ox, 4)), Vector128<float>.Zero);
                    values = Vector128.ConditionalSelect(blocked, Vector128<float>.Zero, values);
                }
                var offsets = Vector128.Create(winners.AsSpan(windowRow + ox, 4)) - (Vector128.Create(first) + lanes);
                var upperEven = Vector128.ConditionalSelect(Vector128.Equals(offsets, Vector128<int>.Zero).AsSingle(), values, Vector128<float>.Zero);
                var upperOdd = Vector128.ConditionalSelect(Vector128.Equals(offsets, Vector128.Create(1)).AsSingle(), values, Vector128<float>.Zero);
                var lowerEven = Vector128.ConditionalSelect(Vector128.Equals(offsets, Vector128.Create(width)).AsSingle(), values, Vector128<float>.Zero);
                var lowerOdd = Vector128.ConditionalSelect(Vector128.Equals(offsets, Vector128.Create(width + 1)).AsSingle(), values, Vector128<float>.Zero);
                Sse.UnpackLow(upperEven, upperOdd).StoreUnsafe(ref target, (nuint)first);
                Sse.UnpackHigh(upperEven, upperOdd).StoreUnsafe(ref target, (nuint)first + 4);
                Sse.UnpackLow(lowerEven, lowerOdd).StoreUnsafe(ref target, (nuint)(first + width));
                Sse.UnpackHigh(lowerEven, lowerOdd).StoreUnsafe(ref target, (nuint)(first + width) + 4);
            }
        }
    }

    /// <summary>
    /// <see cref="RoutePlane2x2"/> eight windows at a time (rows of at least 8 windows, AVX2): the even and odd
    /// columns of each row are interleaved in-lane and the two halves put back in order by 128-bit permutes.
    /// </summary>
    private static void RoutePlane2x2EightWide(
        float[] upstream, int[] winners, float[]? reluOutput, ConvolutionGeometry g, int plane, int outputPlane, Span<float> gradient)
    {
        var width = g.Width;
        var lanes = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        ref var target = ref MemoryMarshal.GetReference(gradient);
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var top = (plane * g.Height + 2 * oy) * width;
            var windowRow = (outputPlane * g.OutHeight + oy) * g.OutWidth;
            for (var step = 0; step < g.OutWidth; step += 8)
            {
                var ox = Math.Min(step, g.OutWidth - 8);
                var first = top + 2 * ox;
                var values = Vector256.Create(upstream.AsSpan(windowRow + ox, 8));
                if (reluOutput is not null)
                {
                    var blocked = Vector256.LessThanOrEqual(Vector256.Create(reluOutput.AsSpan(windowRow + ox, 8)), Vector256<float>.Zero);
                    values = Vector256.ConditionalSelect(blocked, Vector256<float>.Zero, values);
                }
                var offsets = Vector256.Create(winners.AsSpan(windowRow + ox, 8)) - (Vector256.Create(first) + lanes);
                var upperEven = Vector256.ConditionalSelect(Vector256.Equals(offsets, Vector256<int>.Zero).AsSingle(), values, Vector256<float>.Zero);
                var upperOdd = Vector256.ConditionalSelect(Vector256.Equals(offsets, Vector256.Create(1)).AsSingle(), values, Vector256<float>.Zero);
                var lowerEven = Vector256.ConditionalSelect(Vector256.Equals(offsets, Vector256.Create(width)).AsSingle(), values, Vector256<float>.Zero);
                var lowerOdd = Vector256.ConditionalSelect(Vector256.Equals(offsets, Vector256.Create(width + 1)).AsSingle(), values, Vector256<float>.Zero);
                StoreInterleaved(upperEven, upperOdd, ref target, first);
                StoreInterleaved(lowerEven, lowerOdd, ref target, first + width);
            }
        }
    }

    /// <summary>Writes even[0] odd[0] even[1] odd[1] ... even[7] odd[7] at target[at..at+16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreInterleaved(Vector256<float> even, Vector256<float> odd, ref float target, int at)
    {
        // In-lane: low = e0 o0 e1 o1 | e4 o4 e5 o5, high = e2 o2 e3 o3 | e6 o6 e7 o7.
        var (low, high) = (Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd));
        Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref target, (nuint)at);
        Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref target, (nuint)at + 8);
    }

    /// <summary>Where a candidate beats the best so far (or is NaN), it becomes the best and its offset is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector256<float> candidate, int candidateOffset, ref Vector256<float> best, ref Vector256<int> offset)
    {
        var wins = Vector256.GreaterThan(candidate, best) | ~Vector256.Equals(candidate, candidate);
        best = Vector256.ConditionalSelect(wins, candidate, best);
        offset = Vector256.ConditionalSelect(wins.AsInt32(), Vector256.Create(candidateOffset), offset);
    }

    /// <summary>Where a candidate beats the best so far (or is NaN), it becomes the best and its offset is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector128<float> candidate, int candidateOffset, ref Vector128<float> best, ref Vector128<int> offset)
    {
        var wins = Vector128.GreaterThan(candidate, best) | ~Vector128.Equals(candidate, candidate);
        best = Vector128.ConditionalSelect(wins, candidate, best);
        offset = Vector128.ConditionalSelect(wins.AsInt32(), Vector128.Create(candidateOffset), offset);
    }
}

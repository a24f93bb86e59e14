using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearning.Backends.Fast;

/// <summary>
/// Max pooling on the fast backend: blocks of planes split across threads; the common 2×2 window with stride 2
/// four outputs at a time in SSE registers (a scalar loop here mispredicts on every other comparison), any other
/// window by the reference's loop with the row offsets hoisted.
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
                var firstScalar = g.KernelHeight == 2 && g.KernelWidth == 2 && g.Stride == 2 && Sse.IsSupported
                    ? PoolPlane2x2(images, g, plane, output, winners)
                    : 0;
                PoolPlane(images, g, plane, output, winners, firstScalar);
            }
        });
    }

    /// <summary>
    /// Routes each window's gradient to its winner, a block of planes per thread (windows never cross planes, so
    /// threads never write the same element). When the windows tile the image exactly (stride = kernel, sizes
    /// divisible: the usual 2×2 pooling), each window writes its own elements, zeros and the winner's value, so
    /// the gradient needs no clearing pass first; otherwise the planes are cleared and the gradients added.
    /// </summary>
    public static void Backward(float[] upstream, int[] winners, ConvolutionGeometry g, float[] gradient, ParallelOptions options)
    {
        var tiles = g.Stride == g.KernelHeight && g.Stride == g.KernelWidth && g.Height % g.Stride == 0 && g.Width % g.Stride == 0;
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

    /// <summary>The windows of one plane from column <paramref name="firstColumn"/> of each output row on, one at a time.</summary>
    private static void PoolPlane(float[] images, ConvolutionGeometry g, int plane, float[] output, int[] winners, int firstColumn)
    {
        int width = g.Width, stride = g.Stride, kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth;
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var windowRow = (plane * g.Height + oy * stride) * width;
            var target = (plane * g.OutHeight + oy) * g.OutWidth + firstColumn;
            for (var ox = firstColumn; ox < g.OutWidth; ox++, target++)
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
    /// Returns the first output column left for the scalar loop.
    /// </summary>
    private static int PoolPlane2x2(float[] images, ConvolutionGeometry g, int plane, float[] output, int[] winners)
    {
        var width = g.Width;
        var vectorColumns = g.OutWidth / 4 * 4;
        var lanes = Vector128.Create(0, 2, 4, 6);
        ref var source = ref MemoryMarshal.GetArrayDataReference(images);
        for (var oy = 0; oy < g.OutHeight; oy++)
        {
            var top = (plane * g.Height + 2 * oy) * width;
            var target = (plane * g.OutHeight + oy) * g.OutWidth;
            for (var ox = 0; ox < vectorColumns; ox += 4)
            {
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
        return vectorColumns;
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

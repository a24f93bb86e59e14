using System.Buffers;
using System.Numerics.Tensors;
using DeepLearning.Backends.MatMul;

namespace DeepLearning.Backends.Fast;

/// <summary>
/// A convolution computed one image at a time: each image's columns are unfolded into a small buffer that stays
/// in the core's cache, multiplied, and forgotten. The batch's columns (for a 3×3 convolution from 32 channels
/// on 14×14 images, 288 × 196 floats an image, 29 MB for 128 images) are never materialised, neither in the
/// forward nor in the backward, which unfolds each image again instead of keeping its columns.
/// </summary>
/// <remarks>
/// With X_n = im2col(x_n) (K × L, K = C·kh·kw, L = outH·outW) and W the (O × K) weight:
/// <code>
/// forward    y_n = W X_n + b 1ᵀ
/// backward   dWᵀ = Σ_n X_n dy_nᵀ        db = Σ_n dy_n 1        dx_n = col2im(Wᵀ dy_n)
/// </code>
/// Images are dealt to the threads in contiguous runs; each thread sums its own dWᵀ and db, and the partial
/// sums are added at the end (and dWᵀ transposed once), so no two threads ever write the same element.
/// The readable definition is <see cref="Tensor.Conv2dByIm2Col"/>, which the tests hold this to.
/// For the fused ops (<see cref="IConvolutionReluBackend"/>) the ReLU, and the max pooling after it, are applied
/// to y_n before the next image is computed, and in the backward dy_n is rebuilt from the pooled gradient (through
/// the pooling's winners and the ReLU's mask) just before it is used: per image, like the columns.
/// </remarks>
internal static class ImageByImageConvolution
{
    /// <summary>
    /// Writes the convolution into <paramref name="output"/>; with <paramref name="relu"/>, max(0, ·) of it, applied to
    /// each image's output while it is still in the cache (a ReLU op of its own would read and write the batch again);
    /// with <paramref name="pool"/> as well, the max pooling of that, from the image's output in a buffer of its own,
    /// so that the full-size output is never written to the batch.
    /// </summary>
    public static void Forward(
        float[] images, float[] weight, float[]? bias, float[] output, ConvolutionGeometry g, int outChannels, bool relu, ParallelOptions options,
        MaxPoolingAfterConvolution? pool = null)
    {
        var (rows, length) = (g.Rows, g.Length);
        var weights = StridedMatrix.RowMajor(weight, rows);
        ContiguousRuns.ForEach(g.Batch, options, (_, first, last) =>
        {
            var columns = ArrayPool<float>.Shared.Rent(rows * length);
            var imageOutput = pool is null ? null : ArrayPool<float>.Shared.Rent(outChannels * length);
            for (var n = first; n < last; n++)
            {
                Im2ColRuns.UnfoldImage(images, n, columns.AsSpan(0, rows * length), g);
                var (target, targetOffset) = imageOutput is null ? (output, n * outChannels * length) : (imageOutput, 0);
                if (bias is not null)
                {
                    // The bias is the product's starting value: y_n = b 1ᵀ, then y_n += W X_n.
                    for (var o = 0; o < outChannels; o++)
                    {
                        target.AsSpan(targetOffset + o * length, length).Fill(bias[o]);
                    }
                }
                SimdMatMul.Multiply(weights, StridedMatrix.RowMajor(columns, length), StridedMatrix.RowMajor(target, length, targetOffset),
                    outChannels, rows, length, accumulate: bias is not null);
                if (relu)
                {
                    var image = target.AsSpan(targetOffset, outChannels * length);
                    SelectLoops.ZeroWhereNotPositive(image, image, image);
                }
                if (pool is not null)
                {
                    MaxPoolPlanes.PoolImage(imageOutput!, pool.Geometry, n * outChannels, output, pool.Winners);
                }
            }
            ArrayPool<float>.Shared.Return(columns);
            if (imageOutput is not null)
            {
                ArrayPool<float>.Shared.Return(imageOutput);
            }
        });
    }

    /// <summary>
    /// Writes dW (and db, and dx, where asked for) from dy. <paramref name="imagesGrad"/> and
    /// <paramref name="biasGrad"/> may be null: nothing needs them. With <paramref name="reluOutput"/> (the output of
    /// a forward with ReLU), <paramref name="outputGrad"/> is the gradient after the ReLU, and each image's dy is first
    /// masked to where that output is positive, into a buffer that stays in the cache; with <paramref name="pool"/> as
    /// well, both are the pooled output and its gradient, and each image's dy is routed back through the pooling first.
    /// </summary>
    public static void Backward(
        float[] images, float[] weight, float[] outputGrad, float[]? reluOutput, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad,
        ConvolutionGeometry g, int outChannels, ParallelOptions options, MaxPoolingAfterConvolution? pool = null)
    {
        var (rows, length) = (g.Rows, g.Length);
        var parts = ContiguousRuns.Parts(g.Batch, options);
        // Each run sums dWᵀ = Σ_n X_n dy_nᵀ (K × O) rather than dW = Σ_n dy_n X_nᵀ: the product then reads X_n, the
        // larger operand, row by row as it lies, and only dy_n (O × L) with its strides swapped.
        var partialSums = new (float[] WeightTransposed, float[] Bias)[parts];
        // Wᵀ, copied once for the batch, so that every image's dX_n = Wᵀ dy_n reads it row by row.
        var weightTransposed = imagesGrad is null ? null : Transpose(weight, outChannels, rows);
        ContiguousRuns.ForEach(g.Batch, options, (part, first, last) =>
        {
            var (weightSum, biasSum) = partialSums[part] = (new float[rows * outChannels], new float[outChannels]);
            var columns = ArrayPool<float>.Shared.Rent(rows * length);
            var imageUpstream = reluOutput is null ? null : ArrayPool<float>.Shared.Rent(outChannels * length);
            for (var n = first; n < last; n++)
            {
                var upstream = StridedMatrix.RowMajor(outputGrad, length, n * outChannels * length);
                if (pool is not null)
                {
                    // Back through the pooling and the ReLU: outputGrad and reluOutput are the pooled gradient and output.
                    MaxPoolPlanes.RouteImageThroughRelu(outputGrad, reluOutput!, pool.Winners, pool.Geometry, n * outChannels, imageUpstream.AsSpan(0, outChannels * length));
                    upstream = StridedMatrix.RowMajor(imageUpstream!, length);
                }
                else if (imageUpstream is not null)
                {
                    // dL/d(W ⋆ x + b) = dL/dy where y = relu(W ⋆ x + b) > 0, else 0 (the ReLU op's own backward rule).
                    var (offset, size) = (upstream.Offset, outChannels * length);
                    SelectLoops.ZeroWhereNotPositive(reluOutput.AsSpan(offset, size), outputGrad.AsSpan(offset, size), imageUpstream.AsSpan(0, size));
                    upstream = StridedMatrix.RowMajor(imageUpstream, length);
                }
                Im2ColRuns.UnfoldImage(images, n, columns.AsSpan(0, rows * length), g);
                // dWᵀ += X_n dy_nᵀ: dy_nᵀ is the upstream gradient read with its strides swapped.
                SimdMatMul.Multiply(StridedMatrix.RowMajor(columns, length), upstream.Transposed, StridedMatrix.RowMajor(weightSum, outChannels),
                    rows, length, outChannels, accumulate: true);
                for (var o = 0; o < outChannels; o++)
                {
                    biasSum[o] += TensorPrimitives.Sum(upstream.Data.AsSpan(upstream.Offset + o * length, length));
                }
                if (weightTransposed is not null)
                {
                    // dX_n = Wᵀ dy_n, into the same buffer (the columns are spent), then folded back onto the image.
                    SimdMatMul.Multiply(StridedMatrix.RowMajor(weightTransposed, outChannels), upstream, StridedMatrix.RowMajor(columns, length),
                        rows, outChannels, length, accumulate: false);
                    Im2ColRuns.FoldImageFromScratch(columns.AsSpan(0, rows * length), imagesGrad!, n, g);
                }
            }
            ArrayPool<float>.Shared.Return(columns);
            if (imageUpstream is not null)
            {
                ArrayPool<float>.Shared.Return(imageUpstream);
            }
        });
        // Added in the order of the runs, whichever thread finished first: the same sums every time.
        var weightTransposedSum = partialSums[0].WeightTransposed;
        for (var part = 1; part < parts; part++)
        {
            TensorPrimitives.Add(weightTransposedSum, partialSums[part].WeightTransposed, weightTransposedSum);
        }
        TransposeInto(weightTransposedSum, rows, outChannels, weightGrad);
        if (biasGrad is not null)
        {
            biasGrad.AsSpan(0, outChannels).Clear();
            foreach (var (_, biasSum) in partialSums)
            {
                TensorPrimitives.Add(biasGrad.AsSpan(0, outChannels), biasSum, biasGrad.AsSpan(0, outChannels));
            }
        }
    }

    /// <summary>The transpose of a row-major rows × columns matrix, as a new row-major columns × rows array.</summary>
    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var transposed = new float[rows * columns];
        TransposeInto(matrix, rows, columns, transposed);
        return transposed;
    }

    /// <summary>Writes the transpose of a row-major rows × columns matrix into the first rows·columns floats of <paramref name="transposed"/>.</summary>
    private static void TransposeInto(float[] matrix, int rows, int columns, float[] transposed)
    {
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                transposed[j * rows + i] = matrix[i * columns + j];
            }
        }
    }
}

namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 6's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class ConvolutionMistakes
{
    [Mistake("6.1", "divides by nothing: the stride is ignored", mustName: "stride s = 2 is ignored", MustNotName = "2p in all")]
    public static int StrideIgnored(int inputSize, int kernelSize, int stride, int padding) => inputSize + 2 * padding - kernelSize + 1;

    [Mistake("6.1", "pads one side only: n + p - k", mustName: "one side only")]
    public static int PaddingOnOneSide(int inputSize, int kernelSize, int stride, int padding) => (inputSize + padding - kernelSize) / stride + 1;

    [Mistake("6.1", "forgets the + 1", mustName: "+ 1 is missing")]
    public static int PlusOneMissing(int inputSize, int kernelSize, int stride, int padding) => (inputSize + 2 * padding - kernelSize) / stride;

    [Mistake("6.2", "allocates H + p instead of H + 2p", mustName: "one side only")]
    public static Tensor PadsOneSide(Tensor images, int padding)
    {
        var padded = Tensor.Zeros(images.Size(0), images.Size(1), images.Size(2) + padding, images.Size(3) + padding);
        padded.Slice(2, padding, padding + images.Size(2)).Slice(3, padding, padding + images.Size(3)).CopyFrom(images);
        return padded;
    }

    [Mistake("6.2", "copies pixel (y, x) to (y, x), not to (y + p, x + p)", mustName: "not moved by p")]
    public static Tensor ImageNotMoved(Tensor images, int padding)
    {
        var padded = Tensor.Zeros(images.Size(0), images.Size(1), images.Size(2) + 2 * padding, images.Size(3) + 2 * padding);
        padded.Slice(2, 0, images.Size(2)).Slice(3, 0, images.Size(3)).CopyFrom(images);
        return padded;
    }

    [Mistake("6.3", "swaps the window offsets u and v", mustName: "u and v are swapped", MustNotName = "padding read as 0")]
    public static Tensor OffsetsSwapped(Tensor images, int kernelSize, int stride, int padding) =>
        Im2Col(images, kernelSize, stride, padding, (u, v) => (v, u), ignoreStrideInSize: false);

    [Mistake("6.3", "leaves the stride out of the number of window positions", mustName: "ignores the stride")]
    public static Tensor StrideIgnoredInSize(Tensor images, int kernelSize, int stride, int padding) =>
        Im2Col(images, kernelSize, stride, padding, (u, v) => (u, v), ignoreStrideInSize: true);

    [Mistake("6.3", "calls the engine's Tensor.Im2Col", mustName: "not allowed here")]
    public static Tensor CallsTheEngine(Tensor images, int kernelSize, int stride, int padding) => images.Im2Col(kernelSize, kernelSize, stride, padding);

    [Mistake("6.4", "forgets the bias", mustName: "bias b is not added")]
    public static Tensor BiasForgotten(Tensor images, Tensor weight, Tensor? bias, int stride, int padding) => Convolve(images, weight, stride, padding);

    [Mistake("6.4", "flips the filter, as in signal processing", mustName: "flipped")]
    public static Tensor FilterFlipped(Tensor images, Tensor weight, Tensor? bias, int stride, int padding)
    {
        var k = weight.Size(2);
        var flipped = Tensor.ZerosLike(weight);
        for (var u = 0; u < k; u++)
        {
            for (var v = 0; v < k; v++)
            {
                flipped.Slice(2, u, u + 1).Slice(3, v, v + 1).CopyFrom(weight.Slice(2, k - 1 - u, k - u).Slice(3, k - 1 - v, k - v));
            }
        }
        var output = Convolve(images, flipped, stride, padding);
        return bias is null ? output : output + bias.Reshape(1, weight.Size(0), 1, 1);
    }

    [Mistake("6.5", "makes the output as large as the input (2,3,5,5) and reads past the edge", mustName: "output should have shape (2,3,3,3)")]
    public static Tensor OutputAsLargeAsInput(Tensor images, int kernelSize, int stride) => MaxPool(images, kernelSize, stride, images.Size(2), images.Size(3), windowStep: stride);

    [Mistake("6.5", "starts window (i, j) at (i, j), not (i·s, j·s)", mustName: "not at (i·s, j·s)")]
    public static Tensor WindowIgnoresStride(Tensor images, int kernelSize, int stride) =>
        MaxPool(images, kernelSize, stride, (images.Size(2) - kernelSize) / stride + 1, (images.Size(3) - kernelSize) / stride + 1, windowStep: 1);

    [Mistake("6.5", "computes the output size without the stride", mustName: "ignores the stride")]
    public static Tensor SizeIgnoresStride(Tensor images, int kernelSize, int stride) =>
        MaxPool(images, kernelSize, stride, images.Size(2) - kernelSize + 1, images.Size(3) - kernelSize + 1, windowStep: 1);

    [Mistake("6.6", "compares with >= and so sends a tie's gradient to its last maximum", mustName: "replace a >= by >")]
    public static Tensor LastMaximumWins(Tensor images, Tensor outputGrad, int kernelSize, int stride) =>
        MaxPoolBackward(images, outputGrad, kernelSize, stride, (value, best) => value >= best, accumulate: true);

    [Mistake("6.6", "writes each window's gradient with = instead of +=", mustName: "add (+=)")]
    public static Tensor Overwrites(Tensor images, Tensor outputGrad, int kernelSize, int stride) =>
        MaxPoolBackward(images, outputGrad, kernelSize, stride, (value, best) => value > best, accumulate: false);

    [Mistake("6.6", "calls the engine's MaxPool2d and Backward", mustName: "not allowed here")]
    public static Tensor CallsTheEngine(Tensor images, Tensor outputGrad, int kernelSize, int stride)
    {
        var input = images.Detach().RequireGrad();
        input.MaxPool2d(kernelSize, stride).Backward(outputGrad);
        return input.Grad!;
    }

    private static Tensor Im2Col(Tensor images, int k, int stride, int padding, Func<int, int, (int Down, int Across)> offsets, bool ignoreStrideInSize)
    {
        int batch = images.Size(0), channels = images.Size(1), height = images.Size(2), width = images.Size(3);
        var outHeight = (height + 2 * padding - k) / (ignoreStrideInSize ? 1 : stride) + 1;
        var outWidth = (width + 2 * padding - k) / (ignoreStrideInSize ? 1 : stride) + 1;
        var columns = Tensor.Zeros(batch, channels * k * k, outHeight * outWidth);
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var u = 0; u < k; u++)
                {
                    for (var v = 0; v < k; v++)
                    {
                        var (down, across) = offsets(u, v);
                        for (var i = 0; i < outHeight; i++)
                        {
                            for (var j = 0; j < outWidth; j++)
                            {
                                var (y, x) = (i * stride - padding + down, j * stride - padding + across);
                                if (y >= 0 && y < height && x >= 0 && x < width)
                                {
                                    columns[n, c * k * k + u * k + v, i * outWidth + j] = images[n, c, y, x];
                                }
                            }
                        }
                    }
                }
            }
        }
        return columns;
    }

    [Mistake("6.7", "writes each entry with = instead of adding it", mustName: "must add up (+=)")]
    public static Tensor Col2ImOverwrites(Tensor columns, int[] imageShape, int kernelSize, int stride, int padding) =>
        Col2Im(columns, imageShape, kernelSize, stride, padding, (u, v) => (u, v), accumulate: false);

    [Mistake("6.7", "swaps the window offsets u and v", mustName: "u and v are swapped")]
    public static Tensor Col2ImOffsetsSwapped(Tensor columns, int[] imageShape, int kernelSize, int stride, int padding) =>
        Col2Im(columns, imageShape, kernelSize, stride, padding, (u, v) => (v, u), accumulate: true);

    [Mistake("6.7", "takes the gradient of the engine's Tensor.Im2Col", mustName: "not allowed here")]
    public static Tensor Col2ImThroughAutograd(Tensor columns, int[] imageShape, int kernelSize, int stride, int padding)
    {
        var images = Tensor.Zeros(imageShape).RequireGrad();
        images.Im2Col(kernelSize, kernelSize, stride, padding).Backward(columns);
        return images.Grad!;
    }

    [Mistake("6.8", "forgets to centre the columns", mustName: "not centred")]
    public static Tensor ComponentsUncentred(Tensor data, int count) => PowerIteration(data, count, centre: false, deflate: true);

    [Mistake("6.8", "forgets to deflate, so power iteration finds the first direction every time", mustName: "deflate")]
    public static Tensor ComponentsNotDeflated(Tensor data, int count) => PowerIteration(data, count, centre: true, deflate: false);

    private static Tensor Col2Im(Tensor columns, int[] imageShape, int k, int stride, int padding, Func<int, int, (int, int)> offsets, bool accumulate)
    {
        var (height, width) = (imageShape[2], imageShape[3]);
        var (outHeight, outWidth) = ((height + 2 * padding - k) / stride + 1, (width + 2 * padding - k) / stride + 1);
        var images = Tensor.Zeros(imageShape);
        for (var n = 0; n < imageShape[0]; n++)
        {
            for (var c = 0; c < imageShape[1]; c++)
            {
                for (var u = 0; u < k; u++)
                {
                    for (var v = 0; v < k; v++)
                    {
                        var (down, across) = offsets(u, v);
                        for (var i = 0; i < outHeight; i++)
                        {
                            for (var j = 0; j < outWidth; j++)
                            {
                                var (y, x) = (i * stride - padding + down, j * stride - padding + across);
                                if (y >= 0 && y < height && x >= 0 && x < width)
                                {
                                    images[n, c, y, x] = (accumulate ? images[n, c, y, x] : 0) + columns[n, c * k * k + u * k + v, i * outWidth + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        return images;
    }

    private static Tensor PowerIteration(Tensor data, int count, bool centre, bool deflate)
    {
        var (rows, dimensions) = (data.Size(0), data.Size(1));
        var centred = centre ? data - data.Mean(0, keepDims: true) : data;
        var covariance = centred.T.MatMul(centred) / (rows - 1);
        var components = Tensor.Zeros(count, dimensions);
        for (var k = 0; k < count; k++)
        {
            var v = Tensor.Ones(dimensions, 1);
            for (var iteration = 0; iteration < 500; iteration++)
            {
                var next = covariance.MatMul(v);
                v = next / next.Pow(2).Sum().Sqrt();
            }
            components.Slice(0, k, k + 1).CopyFrom(v.Reshape(1, dimensions));
            if (deflate)
            {
                covariance = covariance - v.MatMul(v.T) * covariance.MatMul(v).Pow(2).Sum().Sqrt();
            }
        }
        return components;
    }

    private static Tensor Convolve(Tensor images, Tensor weight, int stride, int padding)
    {
        int outChannels = weight.Size(0), k = weight.Size(2);
        var outHeight = (images.Size(2) + 2 * padding - k) / stride + 1;
        var outWidth = (images.Size(3) + 2 * padding - k) / stride + 1;
        return weight.Reshape(outChannels, -1).MatMul(images.Im2Col(k, k, stride, padding)).Reshape(images.Size(0), outChannels, outHeight, outWidth);
    }

    private static Tensor MaxPool(Tensor images, int k, int stride, int outHeight, int outWidth, int windowStep)
    {
        var pooled = Tensor.Zeros(images.Size(0), images.Size(1), outHeight, outWidth);
        for (var n = 0; n < images.Size(0); n++)
        {
            for (var c = 0; c < images.Size(1); c++)
            {
                for (var i = 0; i < outHeight; i++)
                {
                    for (var j = 0; j < outWidth; j++)
                    {
                        var best = float.NegativeInfinity;
                        for (var u = 0; u < k; u++)
                        {
                            for (var v = 0; v < k; v++)
                            {
                                best = Math.Max(best, images[n, c, i * windowStep + u, j * windowStep + v]);
                            }
                        }
                        pooled[n, c, i, j] = best;
                    }
                }
            }
        }
        return pooled;
    }

    private static Tensor MaxPoolBackward(Tensor images, Tensor outputGrad, int k, int stride, Func<float, float, bool> beats, bool accumulate)
    {
        var inputGrad = Tensor.ZerosLike(images);
        for (var n = 0; n < outputGrad.Size(0); n++)
        {
            for (var c = 0; c < outputGrad.Size(1); c++)
            {
                for (var i = 0; i < outputGrad.Size(2); i++)
                {
                    for (var j = 0; j < outputGrad.Size(3); j++)
                    {
                        var (bestY, bestX) = (i * stride, j * stride);
                        for (var u = 0; u < k; u++)
                        {
                            for (var v = 0; v < k; v++)
                            {
                                if (beats(images[n, c, i * stride + u, j * stride + v], images[n, c, bestY, bestX]))
                                {
                                    (bestY, bestX) = (i * stride + u, j * stride + v);
                                }
                            }
                        }
                        inputGrad[n, c, bestY, bestX] = (accumulate ? inputGrad[n, c, bestY, bestX] : 0) + outputGrad[n, c, i, j];
                    }
                }
            }
        }
        return inputGrad;
    }
}

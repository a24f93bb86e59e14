namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 6: convolution over image batches of shape (N, C, H, W). A k×k window slides with a stride over the
/// image, padded with zeros; im2col unfolds every window into a column, so a convolution becomes one matrix
/// product. Max pooling keeps the largest value of each window, and its backward routes the gradient to it.
/// </summary>
public static class Convolution
{
    // Task 6.1: the output size of a convolution
    /// <summary>⌊(size + 2·padding - kernel) / stride⌋ + 1: how many window positions fit along one axis.</summary>
    public static int ConvOutputSize(int inputSize, int kernelSize, int stride, int padding)
    {
        // BEGIN SOLUTION
        return (inputSize + 2 * padding - kernelSize) / stride + 1;
        // END SOLUTION
    }

    // Task 6.2: zero padding
    /// <summary>(N, C, H, W) → (N, C, H + 2p, W + 2p): the image in the middle, zeros around it.</summary>
    public static Tensor ZeroPad2d(Tensor images, int padding)
    {
        // BEGIN SOLUTION
        int batch = images.Size(0), channels = images.Size(1), height = images.Size(2), width = images.Size(3);
        var padded = Tensor.Zeros(batch, channels, height + 2 * padding, width + 2 * padding);
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        padded[n, c, y + padding, x + padding] = images[n, c, y, x];
                    }
                }
            }
        }
        return padded;
        // END SOLUTION
    }

    // Task 6.3: im2col
    // Write it yourself; not allowed here: Tensor.Im2Col, Conv2d
    /// <summary>
    /// (N, C, H, W) → (N, C·k·k, L) with L = outH·outW. Column oy·outW + ox holds the window at (oy, ox): row
    /// c·k·k + i·k + j is x[n, c, oy·stride - padding + i, ox·stride - padding + j], or 0 where that falls in the
    /// padding. The same layout as <see cref="Tensor.Im2Col"/>.
    /// </summary>
    public static Tensor Im2Col(Tensor images, int kernelSize, int stride, int padding)
    {
        // BEGIN SOLUTION
        int batch = images.Size(0), channels = images.Size(1), height = images.Size(2), width = images.Size(3);
        var outHeight = (height + 2 * padding - kernelSize) / stride + 1;
        var outWidth = (width + 2 * padding - kernelSize) / stride + 1;
        var columns = Tensor.Zeros(batch, channels * kernelSize * kernelSize, outHeight * outWidth);
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var i = 0; i < kernelSize; i++)
                {
                    for (var j = 0; j < kernelSize; j++)
                    {
                        var row = (c * kernelSize + i) * kernelSize + j;
                        for (var oy = 0; oy < outHeight; oy++)
                        {
                            for (var ox = 0; ox < outWidth; ox++)
                            {
                                var y = oy * stride - padding + i;
                                var x = ox * stride - padding + j;
                                if (y >= 0 && y < height && x >= 0 && x < width)
                                {
                                    columns[n, row, oy * outWidth + ox] = images[n, c, y, x];
                                }
                            }
                        }
                    }
                }
            }
        }
        return columns;
        // END SOLUTION
    }

    // Task 6.4: a convolution as im2col and one matrix product
    // Write it yourself; not allowed here: Conv2d
    /// <summary>
    /// y[n, o] = b[o] + W[o] ⋆ x[n] for weight (O, C, k, k) and bias (O) or none; output (N, O, outH, outW).
    /// Unfold with <see cref="Tensor.Im2Col"/>, multiply by the weight as an (O, C·k·k) matrix, reshape, add the bias.
    /// </summary>
    public static Tensor Conv2dForward(Tensor images, Tensor weight, Tensor? bias, int stride, int padding)
    {
        // BEGIN SOLUTION
        int outChannels = weight.Size(0), kernelSize = weight.Size(2);
        var outHeight = (images.Size(2) + 2 * padding - kernelSize) / stride + 1;
        var outWidth = (images.Size(3) + 2 * padding - kernelSize) / stride + 1;
        var columns = images.Im2Col(kernelSize, kernelSize, stride, padding);
        var output = weight.Reshape(outChannels, -1).MatMul(columns).Reshape(images.Size(0), outChannels, outHeight, outWidth);
        return bias is null ? output : output + bias.Reshape(1, outChannels, 1, 1);
        // END SOLUTION
    }

    // Task 6.5: max pooling
    // Write it yourself; not allowed here: Tensor.MaxPool2d, MaxPool2d
    /// <summary>
    /// (N, C, H, W) → (N, C, outH, outW), outH = ⌊(H - k)/stride⌋ + 1: the largest value of each k×k window at
    /// (oy·stride, ox·stride). No padding.
    /// </summary>
    public static Tensor MaxPool2d(Tensor images, int kernelSize, int stride)
    {
        // BEGIN SOLUTION
        int batch = images.Size(0), channels = images.Size(1);
        var outHeight = (images.Size(2) - kernelSize) / stride + 1;
        var outWidth = (images.Size(3) - kernelSize) / stride + 1;
        var pooled = Tensor.Zeros(batch, channels, outHeight, outWidth);
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var oy = 0; oy < outHeight; oy++)
                {
                    for (var ox = 0; ox < outWidth; ox++)
                    {
                        var best = float.NegativeInfinity;
                        for (var i = 0; i < kernelSize; i++)
                        {
                            for (var j = 0; j < kernelSize; j++)
                            {
                                best = Math.Max(best, images[n, c, oy * stride + i, ox * stride + j]);
                            }
                        }
                        pooled[n, c, oy, ox] = best;
                    }
                }
            }
        }
        return pooled;
        // END SOLUTION
    }

    // Task 6.6: the backward of max pooling
    // Write it yourself; not allowed here: Tensor.MaxPool2d, MaxPool2d, Tensor.Backward
    /// <summary>
    /// Given dL/dy (N, C, outH, outW), returns dL/dx (N, C, H, W): each window's gradient goes to the element that
    /// won it (the first maximum in row-major order where several tie), and windows that overlap add up.
    /// </summary>
    public static Tensor MaxPool2dBackward(Tensor images, Tensor outputGrad, int kernelSize, int stride)
    {
        // BEGIN SOLUTION
        var inputGrad = Tensor.ZerosLike(images);
        for (var n = 0; n < outputGrad.Size(0); n++)
        {
            for (var c = 0; c < outputGrad.Size(1); c++)
            {
                for (var oy = 0; oy < outputGrad.Size(2); oy++)
                {
                    for (var ox = 0; ox < outputGrad.Size(3); ox++)
                    {
                        var (bestY, bestX) = (oy * stride, ox * stride);
                        for (var i = 0; i < kernelSize; i++)
                        {
                            for (var j = 0; j < kernelSize; j++)
                            {
                                if (images[n, c, oy * stride + i, ox * stride + j] > images[n, c, bestY, bestX])
                                {
                                    (bestY, bestX) = (oy * stride + i, ox * stride + j);
                                }
                            }
                        }
                        inputGrad[n, c, bestY, bestX] += outputGrad[n, c, oy, ox];
                    }
                }
            }
        }
        return inputGrad;
        // END SOLUTION
    }

    // Task 6.7: col2im, the adjoint of im2col
    // Write it yourself; not allowed here: Tensor.Im2Col, Tensor.Backward, Conv2d
    /// <summary>
    /// (N, C·k·k, L) → (N, C, H, W) for imageShape (N, C, H, W), the reverse trip of Im2Col: the entry in row
    /// c·k·k + i·k + j of column oy·outW + ox is ADDED to image[n, c, oy·stride - padding + i, ox·stride - padding + j];
    /// entries that fall in the padding are dropped. A pixel that several windows read collects all of their entries,
    /// so this is the backward of Im2Col: dL/dx = col2im(dL/dcolumns).
    /// </summary>
    public static Tensor Col2Im(Tensor columns, int[] imageShape, int kernelSize, int stride, int padding)
    {
        // BEGIN SOLUTION
        int batch = imageShape[0], channels = imageShape[1], height = imageShape[2], width = imageShape[3];
        var (outHeight, outWidth) = ((height + 2 * padding - kernelSize) / stride + 1, (width + 2 * padding - kernelSize) / stride + 1);
        var images = Tensor.Zeros(imageShape);
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var i = 0; i < kernelSize; i++)
                {
                    for (var j = 0; j < kernelSize; j++)
                    {
                        var row = (c * kernelSize + i) * kernelSize + j;
                        for (var oy = 0; oy < outHeight; oy++)
                        {
                            for (var ox = 0; ox < outWidth; ox++)
                            {
                                var y = oy * stride - padding + i;
                                var x = ox * stride - padding + j;
                                if (y >= 0 && y < height && x >= 0 && x < width)
                                {
                                    images[n, c, y, x] += columns[n, row, oy * outWidth + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
        return images;
        // END SOLUTION
    }

    // Task 6.8: the principal components of a set of vectors
    /// <summary>
    /// (N, D) rows → (count, D): the directions along which the rows vary most, as unit rows, largest variance first.
    /// Centre each column (subtract its mean), form the covariance C = XᵀX / (N - 1), and take its leading eigenvectors:
    /// power iteration v ← Cv / ‖Cv‖ until v settles, λ = vᵀCv, then deflation C ← C - λvvᵀ for the next one.
    /// The sign of a direction is arbitrary (v and -v span the same line).
    /// </summary>
    public static Tensor PrincipalComponents(Tensor data, int count)
    {
        // BEGIN SOLUTION
        int rows = data.Size(0), dimensions = data.Size(1);
        var values = data.Contiguous().ToArray();
        var means = new double[dimensions];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                means[d] += values[r * dimensions + d] / (double)rows;
            }
        }
        // C[a, b] = Σ_r (x_ra - mean_a)(x_rb - mean_b) / (N - 1), in double so that deflation does not drown small components.
        var covariance = new double[dimensions, dimensions];
        for (var r = 0; r < rows; r++)
        {
            for (var a = 0; a < dimensions; a++)
            {
                var centredA = values[r * dimensions + a] - means[a];
                for (var b = 0; b < dimensions; b++)
                {
                    covariance[a, b] += centredA * (values[r * dimensions + b] - means[b]) / (rows - 1);
                }
            }
        }
        var components = new float[count * dimensions];
        for (var k = 0; k < count; k++)
        {
            // A start that no eigenvector is likely to be orthogonal to.
            var v = Enumerable.Range(0, dimensions).Select(d => 1.0 + 0.01 * d).ToArray();
            var eigenvalue = 0.0;
            for (var iteration = 0; iteration < 2000; iteration++)
            {
                var next = new double[dimensions];
                for (var a = 0; a < dimensions; a++)
                {
                    for (var b = 0; b < dimensions; b++)
                    {
                        next[a] += covariance[a, b] * v[b];
                    }
                }
                var norm = Math.Sqrt(next.Sum(value => value * value));
                if (norm == 0)
                {
                    break;   // nothing left to explain: the data spans fewer than count directions
                }
                var change = 0.0;
                for (var d = 0; d < dimensions; d++)
                {
                    change = Math.Max(change, Math.Abs(next[d] / norm - v[d]));
                    v[d] = next[d] / norm;
                }
                eigenvalue = norm;
                if (change < 1e-10)
                {
                    break;
                }
            }
            for (var a = 0; a < dimensions; a++)
            {
                components[k * dimensions + a] = (float)v[a];
                for (var b = 0; b < dimensions; b++)
                {
                    covariance[a, b] -= eigenvalue * v[a] * v[b];
                }
            }
        }
        return Tensor.FromArray(components, count, dimensions);
        // END SOLUTION
    }

    // Question 6.a: the output size with stride 2 and padding 1
    /// <summary>Your answer to quick question 6.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question6A()
    {
        // BEGIN SOLUTION
        return 14;
        // END SOLUTION
    }

    // Question 6.b: the parameters of a convolution from 32 to 64 channels
    /// <summary>Your answer to quick question 6.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question6B()
    {
        // BEGIN SOLUTION
        return 18496;
        // END SOLUTION
    }

    // Question 6.c: where max pooling sends a gradient
    /// <summary>Your answer to quick question 6.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question6C()
    {
        // BEGIN SOLUTION
        return 'A';
        // END SOLUTION
    }
}

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
        throw new NotImplementedException("Task 6.1: the output size of a convolution");
    }

    // Task 6.2: zero padding
    /// <summary>(N, C, H, W) → (N, C, H + 2p, W + 2p): the image in the middle, zeros around it.</summary>
    public static Tensor ZeroPad2d(Tensor images, int padding)
    {
        throw new NotImplementedException("Task 6.2: zero padding");
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
        throw new NotImplementedException("Task 6.3: im2col");
    }

    // Task 6.4: a convolution as im2col and one matrix product
    // Write it yourself; not allowed here: Conv2d
    /// <summary>
    /// y[n, o] = b[o] + W[o] ⋆ x[n] for weight (O, C, k, k) and bias (O) or none; output (N, O, outH, outW).
    /// Unfold with <see cref="Tensor.Im2Col"/>, multiply by the weight as an (O, C·k·k) matrix, reshape, add the bias.
    /// </summary>
    public static Tensor Conv2dForward(Tensor images, Tensor weight, Tensor? bias, int stride, int padding)
    {
        throw new NotImplementedException("Task 6.4: a convolution as im2col and one matrix product");
    }

    // Task 6.5: max pooling
    // Write it yourself; not allowed here: Tensor.MaxPool2d, MaxPool2d
    /// <summary>
    /// (N, C, H, W) → (N, C, outH, outW), outH = ⌊(H - k)/stride⌋ + 1: the largest value of each k×k window at
    /// (oy·stride, ox·stride). No padding.
    /// </summary>
    public static Tensor MaxPool2d(Tensor images, int kernelSize, int stride)
    {
        throw new NotImplementedException("Task 6.5: max pooling");
    }

    // Task 6.6: the backward of max pooling
    // Write it yourself; not allowed here: Tensor.MaxPool2d, MaxPool2d, Tensor.Backward
    /// <summary>
    /// Given dL/dy (N, C, outH, outW), returns dL/dx (N, C, H, W): each window's gradient goes to the element that
    /// won it (the first maximum in row-major order where several tie), and windows that overlap add up.
    /// </summary>
    public static Tensor MaxPool2dBackward(Tensor images, Tensor outputGrad, int kernelSize, int stride)
    {
        throw new NotImplementedException("Task 6.6: the backward of max pooling");
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
        throw new NotImplementedException("Task 6.7: col2im, the adjoint of im2col");
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
        throw new NotImplementedException("Task 6.8: the principal components of a set of vectors");
    }

    // Question 6.a: the output size with stride 2 and padding 1
    /// <summary>Your answer to quick question 6.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question6A()
    {
        throw new NotImplementedException("Question 6.a: the output size with stride 2 and padding 1");
    }

    // Question 6.b: the parameters of a convolution from 32 to 64 channels
    /// <summary>Your answer to quick question 6.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question6B()
    {
        throw new NotImplementedException("Question 6.b: the parameters of a convolution from 32 to 64 channels");
    }

    // Question 6.c: where max pooling sends a gradient
    /// <summary>Your answer to quick question 6.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question6C()
    {
        throw new NotImplementedException("Question 6.c: where max pooling sends a gradient");
    }
}

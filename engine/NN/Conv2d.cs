namespace DeepLearning.NN;

/// <summary>
/// 2-D convolution (strictly, cross-correlation, as in every deep-learning library):
/// y[n, o, oy, ox] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, c, oy·stride - padding + i, ox·stride - padding + j].
/// Defined as im2col followed by one matrix product, (O, C·kh·kw) @ (N, C·kh·kw, L) → (N, O, L) (see
/// <see cref="Tensor.Conv2dByIm2Col"/>); the fast CPU backend computes the same one image at a time.
/// Weight (O, C, kh, kw) and bias (O), as <c>torch.nn.Conv2d</c>.
/// </summary>
/// <remarks>Taught in chapter 6, section 6.2 (notebooks/06-convolutional-networks.ipynb), task 6.4.</remarks>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, Generator generator, int stride = 1, int padding = 0, bool bias = true)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        var fanIn = inChannels * kernelSize * kernelSize;
        Weight = RegisterParameter("weight", Init.PyTorchDefault([outChannels, inChannels, kernelSize, kernelSize], fanIn, generator));
        Bias = bias ? RegisterParameter("bias", Init.PyTorchDefault([outChannels], fanIn, generator)) : null;
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        return input.Conv2d(Weight, Bias, Stride, Padding);
    }

    /// <summary>
    /// <c>Forward(input).Relu()</c>, as one op where the backend can fuse the two (<see cref="Tensor.Conv2dRelu"/>):
    /// what <see cref="Sequential"/> runs for this layer when a <see cref="ReLU"/> follows it.
    /// </summary>
    public Tensor ForwardThenRelu(Tensor input)
    {
        CheckInput(input);
        return input.Conv2dRelu(Weight, Bias, Stride, Padding);
    }

    /// <summary>
    /// <c>pool.Forward(Forward(input).Relu())</c>, as one op where the backend can fuse the three
    /// (<see cref="Tensor.Conv2dReluMaxPool2d"/>): what <see cref="Sequential"/> runs for this layer when a
    /// <see cref="ReLU"/> and a <see cref="MaxPool2d"/> follow it.
    /// </summary>
    public Tensor ForwardThenReluThenPool(Tensor input, MaxPool2d pool)
    {
        CheckInput(input);
        return input.Conv2dReluMaxPool2d(Weight, Bias, Stride, Padding, pool.KernelSize, pool.Stride);
    }

    private void CheckInput(Tensor input)
    {
        if (input.Rank != 4 || input.Size(1) != InChannels)
        {
            throw new ArgumentException($"{this}: expects input of shape (N, {InChannels}, H, W), got {input.ShapeText}");
        }
    }

    public override string ToString() =>
        $"Conv2d({InChannels} → {OutChannels}, kernel {KernelSize}, stride {Stride}, padding {Padding})";
}

namespace DeepLearning.NN;

/// <summary>
/// Activation and normalisation functions composed from the engine's primitive ops, so their gradients come
/// for free from the primitives' backward rules (as <c>torch.nn.functional</c>).
/// </summary>
/// <remarks>
/// Taught in chapter 3, section 3.4 (notebooks/03-backpropagation-through-tensors.ipynb): softmax and log-softmax;
/// section 8.4 (notebooks/08-sequences-and-attention.ipynb) calls Softmax. LeakyReLU and GELU are not derived in the course.
/// </remarks>
public static class Functional
{
    /// <summary>
    /// log softmax(x)_i = x_i - log Σ_j e^(x_j), along <paramref name="axis"/>: the same as
    /// x - <see cref="Tensor.LogSumExp(int, bool)"/>, as one fused op (<see cref="Tensor.LogSoftmax"/>) that subtracts
    /// the maximum first, so it never overflows.
    /// </summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => x.LogSoftmax(axis);

    /// <summary>softmax(x)_i = e^(x_i) / Σ_j e^(x_j) = exp(log softmax(x)_i): positive, sums to 1 along the axis (one fused op, <see cref="Tensor.Softmax"/>).</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => x.Softmax(axis);

    /// <summary>LeakyReLU(x) = x for x &gt; 0, slope·x otherwise (one op, <see cref="Tensor.LeakyRelu"/>: its slope at 0 is the negative slope, as PyTorch's).</summary>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope = 0.01f) => x.LeakyRelu(negativeSlope);

    /// <summary>
    /// GELU(x) = x Φ(x), with the tanh approximation 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))), which is
    /// PyTorch's <c>gelu(approximate="tanh")</c> (within 1e-3 of the exact erf form).
    /// </summary>
    public static Tensor Gelu(Tensor x) =>
        0.5f * x * (1f + (MathF.Sqrt(2f / MathF.PI) * (x + 0.044715f * x.Pow(3))).Tanh());
}

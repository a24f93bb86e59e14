namespace DeepLearning.NN;

/// <summary>
/// Initial values for weights, drawn from a seeded <see cref="Generator"/>. The scale matters: it keeps the
/// variance of activations (forward) and gradients (backward) roughly constant from layer to layer.
/// fan_in = inputs to one unit (in_features, or in_channels·kh·kw); fan_out likewise for outputs.
/// </summary>
/// <remarks>Taught in chapter 4, section 4.3 (notebooks/04-layers-and-an-mlp.ipynb), task 4.2.</remarks>
public static class Init
{
    /// <summary>U(-bound, bound).</summary>
    public static Tensor Uniform(int[] shape, float bound, Generator generator) =>
        Tensor.Rand(shape, generator) * (2 * bound) - bound;

    /// <summary>
    /// Kaiming (He) uniform for ReLU networks: bound = gain·√(3/fan_in), gain = √2, so Var(w) = 2/fan_in.
    /// </summary>
    public static Tensor KaimingUniform(int[] shape, int fanIn, Generator generator) =>
        Uniform(shape, MathF.Sqrt(2f) * MathF.Sqrt(3f / fanIn), generator);

    /// <summary>Kaiming (He) normal: N(0, 2/fan_in).</summary>
    public static Tensor KaimingNormal(int[] shape, int fanIn, Generator generator) =>
        Tensor.Randn(shape, generator) * MathF.Sqrt(2f / fanIn);

    /// <summary>Xavier (Glorot) uniform for tanh/sigmoid networks: bound = √(6/(fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(int[] shape, int fanIn, int fanOut, Generator generator) =>
        Uniform(shape, MathF.Sqrt(6f / (fanIn + fanOut)), generator);

    /// <summary>Xavier (Glorot) normal: N(0, 2/(fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(int[] shape, int fanIn, int fanOut, Generator generator) =>
        Tensor.Randn(shape, generator) * MathF.Sqrt(2f / (fanIn + fanOut));

    /// <summary>
    /// PyTorch's default for Linear and Conv2d weights and biases: U(-1/√fan_in, 1/√fan_in)
    /// (kaiming_uniform with a = √5 works out to this bound).
    /// </summary>
    public static Tensor PyTorchDefault(int[] shape, int fanIn, Generator generator) =>
        Uniform(shape, 1f / MathF.Sqrt(fanIn), generator);
}

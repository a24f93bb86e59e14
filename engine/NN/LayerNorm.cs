namespace DeepLearning.NN;

/// <summary>
/// Layer normalisation over the last axis: each example is normalised by its own mean and (biased) variance
/// over its features, then scaled and shifted: y = γ · (x - μ) / √(σ² + ε) + β. The same in training and
/// evaluation; the normalisation of transformers.
/// </summary>
/// <remarks>Taught in chapter 8, section 8.5 (notebooks/08-sequences-and-attention.ipynb).</remarks>
public sealed class LayerNorm : Module
{
    public LayerNorm(int features, float epsilon = 1e-5f)
    {
        Features = features;
        Epsilon = epsilon;
        Weight = RegisterParameter("weight", Tensor.Ones(features));
        Bias = RegisterParameter("bias", Tensor.Zeros(features));
    }

    public int Features { get; }

    public float Epsilon { get; }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank == 0 || input.Size(-1) != Features)
        {
            throw new ArgumentException($"LayerNorm({Features}): input of shape {input.ShapeText} must end in {Features} features");
        }
        var mean = input.Mean(-1, keepDims: true);
        var variance = (input - mean).Pow(2).Mean(-1, keepDims: true);
        return (input - mean) / (variance + Epsilon).Sqrt() * Weight + Bias;
    }

    public override string ToString() => $"LayerNorm({Features})";
}

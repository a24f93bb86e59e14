namespace DeepLearning.NN;

/// <summary>
/// y = x Wᵀ + b, for x of shape (..., in) and y of shape (..., out). W has shape (out, in) and b shape (out),
/// as in <c>torch.nn.Linear</c>, so checkpoints load in PyTorch unchanged.
/// </summary>
/// <remarks>Taught in chapter 4, section 4.2 (notebooks/04-layers-and-an-mlp.ipynb), task 4.1.</remarks>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, Generator generator, bool bias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Init.PyTorchDefault([outFeatures, inFeatures], inFeatures, generator));
        Bias = bias ? RegisterParameter("bias", Init.PyTorchDefault([outFeatures], inFeatures, generator)) : null;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank == 0 || input.Size(-1) != InFeatures)
        {
            throw new ArgumentException($"Linear({InFeatures} → {OutFeatures}): input of shape {input.ShapeText} must end in {InFeatures} features");
        }
        var output = input.MatMul(Weight.T);
        return Bias is null ? output : output + Bias;
    }

    public override string ToString() => $"Linear({InFeatures} → {OutFeatures}{(Bias is null ? ", no bias" : "")})";
}

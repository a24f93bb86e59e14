namespace DeepLearning.NN;

/// <summary>(N, d1, d2, ...) → (N, d1·d2·...): keeps the batch axis, joins the rest (a view when contiguous).</summary>
/// <remarks>Taught in chapter 4, section 4.2 (notebooks/04-layers-and-an-mlp.ipynb).</remarks>
public sealed class Flatten : Module
{
    public override Tensor Forward(Tensor input) =>
        input.Rank >= 1 ? input.Reshape(input.Size(0), -1) : throw new ArgumentException($"Flatten: needs a batch axis, got shape {input.ShapeText}");
}

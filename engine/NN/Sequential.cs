namespace DeepLearning.NN;

/// <summary>Runs its modules one after another; they are named 0, 1, 2, ... as in <c>torch.nn.Sequential</c>.</summary>
/// <remarks>Taught in chapter 4, section 4.2 (notebooks/04-layers-and-an-mlp.ipynb).</remarks>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;

    public Sequential(params Module[] layers)
    {
        _layers = layers;
        for (var i = 0; i < layers.Length; i++)
        {
            RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
        }
    }

    public IReadOnlyList<Module> Layers => _layers;

    public override Tensor Forward(Tensor input) => _layers.Aggregate(input, (x, layer) => layer.Forward(x));

    public override string ToString() =>
        "Sequential(\n" + string.Concat(_layers.Select((layer, i) => $"  ({i}): {layer.ToString()!.Replace("\n", "\n  ")}\n")) + ")";
}

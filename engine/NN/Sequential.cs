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

    /// <remarks>
    /// A <see cref="Conv2d"/> followed by a <see cref="ReLU"/> runs as one fused op (<see cref="Conv2d.ForwardThenRelu"/>):
    /// the same numbers, bit for bit, but the fast CPU backend then never makes a separate pass over the activations
    /// for the ReLU (in the Fashion-MNIST CNN that pass and its backward cost about as much as the pooling layers).
    /// </remarks>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < _layers.Length; i++)
        {
            if (_layers[i] is Conv2d convolution && i + 1 < _layers.Length && _layers[i + 1] is ReLU)
            {
                x = convolution.ForwardThenRelu(x);
                i++;
                continue;
            }
            x = _layers[i].Forward(x);
        }
        return x;
    }

    public override string ToString() =>
        "Sequential(\n" + string.Concat(_layers.Select((layer, i) => $"  ({i}): {layer.ToString()!.Replace("\n", "\n  ")}\n")) + ")";
}

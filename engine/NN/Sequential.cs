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
    /// A <see cref="Conv2d"/> followed by a <see cref="ReLU"/> (and a <see cref="MaxPool2d"/>) runs as one fused op
    /// (<see cref="Conv2d.ForwardThenRelu"/>, <see cref="Conv2d.ForwardThenReluThenPool"/>): the same numbers, but the
    /// fast CPU backend then applies the ReLU and the pooling to each image while the convolution has it in the
    /// cache, instead of passes of their own over the batch's activations (in the Fashion-MNIST CNN those passes and
    /// their backwards took about a tenth of a training step).
    /// </remarks>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < _layers.Length; i++)
        {
            var next = i + 1 < _layers.Length ? _layers[i + 1] : null;
            var afterNext = i + 2 < _layers.Length ? _layers[i + 2] : null;
            switch (_layers[i], next, afterNext)
            {
                case (Conv2d convolution, ReLU, MaxPool2d pool):
                    x = convolution.ForwardThenReluThenPool(x, pool);
                    i += 2;
                    break;
                case (Conv2d convolution, ReLU, _):
                    x = convolution.ForwardThenRelu(x);
                    i += 1;
                    break;
                default:
                    x = _layers[i].Forward(x);
                    break;
            }
        }
        return x;
    }

    public override string ToString() =>
        "Sequential(\n" + string.Concat(_layers.Select((layer, i) => $"  ({i}): {layer.ToString()!.Replace("\n", "\n  ")}\n")) + ")";
}

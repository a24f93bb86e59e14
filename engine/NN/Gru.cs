namespace DeepLearning.NN;

/// <summary>
/// The gated recurrent unit (Cho et al., 2014), in PyTorch's gate order r, z, n:
/// r = σ(xᵣ + hᵣ), z = σ(x_z + h_z), n = tanh(xₙ + r ⊙ hₙ), h' = (1 - z) ⊙ n + z ⊙ h,
/// where x_g = x Wᵢ_gᵀ + bᵢ_g and h_g = h Wₕ_gᵀ + bₕ_g. The update gate z mixes old and new state additively, so
/// where z is near 1 the gradient flows back through h' ≈ h almost unchanged.
/// <see cref="GruCell"/> takes one step, <see cref="Gru"/> a whole sequence.
/// </summary>
/// <remarks>Taught in chapter 7, section 7.4 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>.</remarks>
public abstract class GruUnit(string kind, int inputSize, int hiddenSize, string nameSuffix, Generator generator, bool bias)
    : RecurrentWeights(kind, inputSize, hiddenSize, gates: 3, nameSuffix, generator, bias)
{
    /// <summary>h' from the step's projected input (B, 3H) and h (B, H).</summary>
    protected Tensor Step(Tensor projectedInput, Tensor h)
    {
        var projectedHidden = ProjectHidden(h);
        var reset = (Gate(projectedInput, 0) + Gate(projectedHidden, 0)).Sigmoid();
        var update = (Gate(projectedInput, 1) + Gate(projectedHidden, 1)).Sigmoid();
        var candidate = (Gate(projectedInput, 2) + reset * Gate(projectedHidden, 2)).Tanh();
        return (1f - update) * candidate + update * h;
    }

    public override string ToString() => Kind;
}

/// <summary>One GRU step, as <c>torch.nn.GRUCell</c>.</summary>
/// <remarks>Taught in chapter 7, section 7.4 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>.</remarks>
public sealed class GruCell(int inputSize, int hiddenSize, Generator generator, bool bias = true)
    : GruUnit($"GRUCell({inputSize} → {hiddenSize})", inputSize, hiddenSize, nameSuffix: "", generator, bias)
{
    /// <summary>Input (B, I) and state (B, H), zeros when null, to the next state (B, H).</summary>
    public Tensor Forward(Tensor input, Tensor? hidden)
    {
        var batch = CheckStepInput(input);
        return Step(ProjectInput(input), StateOrZeros("hidden", hidden, batch, input.Device));
    }

    public override Tensor Forward(Tensor input) => Forward(input, null);
}

/// <summary>A one-layer GRU over a batch-first sequence (B, T, I), as <c>torch.nn.GRU(batch_first=True)</c>.</summary>
/// <remarks>
/// Taught in chapter 7, section 7.4 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>. States are (B, H); PyTorch's carry a leading
/// axis of size 1 (one layer).
/// </remarks>
public sealed class Gru(int inputSize, int hiddenSize, Generator generator, bool bias = true)
    : GruUnit($"GRU({inputSize} → {hiddenSize})", inputSize, hiddenSize, nameSuffix: "_l0", generator, bias)
{
    /// <summary>The outputs h_1..h_T, shape (B, T, H), and the final state h_T, from h_0 (zeros when null).</summary>
    public (Tensor Output, Tensor Hidden) Forward(Tensor input, Tensor? hidden)
    {
        var batch = CheckSequence(input);
        return Unroll(input, StateOrZeros("hidden", hidden, batch, input.Device), (projected, h) =>
        {
            var next = Step(projected, h);
            return (next, next);
        });
    }

    public override Tensor Forward(Tensor input) => Forward(input, null).Output;
}

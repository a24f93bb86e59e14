namespace DeepLearning.NN;

/// <summary>
/// The Elman recurrence, h' = tanh(x Wᵢₕᵀ + bᵢₕ + h Wₕₕᵀ + bₕₕ): the hidden state is a running summary of the
/// inputs so far. <see cref="RnnCell"/> takes one step, <see cref="Rnn"/> a whole sequence.
/// </summary>
/// <remarks>Taught in chapter 7, section 7.1 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>.</remarks>
public abstract class RnnUnit(string kind, int inputSize, int hiddenSize, string nameSuffix, Generator generator, bool bias)
    : RecurrentWeights(kind, inputSize, hiddenSize, gates: 1, nameSuffix, generator, bias)
{
    /// <summary>h' from the step's projected input x Wᵢₕᵀ + bᵢₕ (B, H) and h (B, H).</summary>
    protected Tensor Step(Tensor projectedInput, Tensor h) => (projectedInput + ProjectHidden(h)).Tanh();

    public override string ToString() => Kind;
}

/// <summary>One step of the Elman recurrence, as <c>torch.nn.RNNCell</c> (tanh).</summary>
/// <remarks>Taught in chapter 7, section 7.1 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>.</remarks>
public sealed class RnnCell(int inputSize, int hiddenSize, Generator generator, bool bias = true)
    : RnnUnit($"RNNCell({inputSize} → {hiddenSize})", inputSize, hiddenSize, nameSuffix: "", generator, bias)
{
    /// <summary>Input (B, I) and state (B, H), zeros when null, to the next state (B, H).</summary>
    public Tensor Forward(Tensor input, Tensor? hidden)
    {
        var batch = CheckStepInput(input);
        return Step(ProjectInput(input), StateOrZeros("hidden", hidden, batch, input.Device));
    }

    public override Tensor Forward(Tensor input) => Forward(input, null);
}

/// <summary>
/// A one-layer Elman RNN over a batch-first sequence (B, T, I), as <c>torch.nn.RNN(batch_first=True)</c> with tanh.
/// </summary>
/// <remarks>
/// Taught in chapter 7, section 7.1 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>. States are (B, H); PyTorch's carry a leading
/// axis of size 1 (one layer).
/// </remarks>
public sealed class Rnn(int inputSize, int hiddenSize, Generator generator, bool bias = true)
    : RnnUnit($"RNN({inputSize} → {hiddenSize})", inputSize, hiddenSize, nameSuffix: "_l0", generator, bias)
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

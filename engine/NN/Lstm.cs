namespace DeepLearning.NN;

/// <summary>
/// Long short-term memory (Hochreiter and Schmidhuber, 1997), in PyTorch's gate order i, f, g, o:
/// i = σ(xᵢ + hᵢ), f = σ(x_f + h_f), g = tanh(x_g + h_g), o = σ(xₒ + hₒ), c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'),
/// where x_k = x Wᵢ_kᵀ + bᵢ_k and h_k = h Wₕ_kᵀ + bₕ_k. The cell state c is updated by addition, so along it
/// ∂c'/∂c = f: with the forget gate open the gradient crosses many steps without shrinking.
/// <see cref="LstmCell"/> takes one step, <see cref="Lstm"/> a whole sequence.
/// </summary>
/// <remarks>Taught in chapter 7, section 7.4 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>.</remarks>
public abstract class LstmUnit(string kind, int inputSize, int hiddenSize, string nameSuffix, Generator generator, bool bias)
    : RecurrentWeights(kind, inputSize, hiddenSize, gates: 4, nameSuffix, generator, bias)
{
    /// <summary>(h', c') from the step's projected input (B, 4H) and the state (h, c), each (B, H).</summary>
    protected LstmState Step(Tensor projectedInput, LstmState state)
    {
        var gates = projectedInput + ProjectHidden(state.Hidden);
        var input = Gate(gates, 0).Sigmoid();
        var forget = Gate(gates, 1).Sigmoid();
        var candidate = Gate(gates, 2).Tanh();
        var output = Gate(gates, 3).Sigmoid();
        var cell = forget * state.Cell + input * candidate;
        return new LstmState(output * cell.Tanh(), cell);
    }

    /// <summary>The given state checked against the batch, or zeros for both h and c.</summary>
    protected LstmState StateOrZeros(LstmState? state, int batch, Device device) =>
        new(StateOrZeros("hidden", state?.Hidden, batch, device), StateOrZeros("cell", state?.Cell, batch, device));

    public override string ToString() => Kind;
}

/// <summary>An LSTM's state: the hidden state h (its output) and the cell state c, each (B, H).</summary>
public readonly record struct LstmState(Tensor Hidden, Tensor Cell);

/// <summary>One LSTM step, as <c>torch.nn.LSTMCell</c>.</summary>
/// <remarks>Taught in chapter 7, section 7.4 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>.</remarks>
public sealed class LstmCell(int inputSize, int hiddenSize, Generator generator, bool bias = true)
    : LstmUnit($"LSTMCell({inputSize} → {hiddenSize})", inputSize, hiddenSize, nameSuffix: "", generator, bias)
{
    /// <summary>Input (B, I) and state (zeros when null) to the next state.</summary>
    public LstmState Forward(Tensor input, LstmState? state)
    {
        var batch = CheckStepInput(input);
        return Step(ProjectInput(input), StateOrZeros(state, batch, input.Device));
    }

    /// <summary>The next hidden state h' from a zero state.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null).Hidden;
}

/// <summary>A one-layer LSTM over a batch-first sequence (B, T, I), as <c>torch.nn.LSTM(batch_first=True)</c>.</summary>
/// <remarks>
/// Taught in chapter 7, section 7.4 (notebooks/07-recurrent-networks.ipynb); see <see cref="RecurrentWeights"/>. States are (B, H); PyTorch's carry a leading
/// axis of size 1 (one layer).
/// </remarks>
public sealed class Lstm(int inputSize, int hiddenSize, Generator generator, bool bias = true)
    : LstmUnit($"LSTM({inputSize} → {hiddenSize})", inputSize, hiddenSize, nameSuffix: "_l0", generator, bias)
{
    /// <summary>The outputs h_1..h_T, shape (B, T, H), and the final state (h_T, c_T), from a state (zeros when null).</summary>
    public (Tensor Output, LstmState State) Forward(Tensor input, LstmState? state)
    {
        var batch = CheckSequence(input);
        return Unroll(input, StateOrZeros(state, batch, input.Device), (projected, current) =>
        {
            var next = Step(projected, current);
            return (next, next.Hidden);
        });
    }

    public override Tensor Forward(Tensor input) => Forward(input, null).Output;
}

namespace DeepLearning.NN;

/// <summary>
/// What the recurrent modules share: for G gates of H hidden units, an input-to-hidden matrix Wᵢₕ of shape
/// (G·H, I) and a hidden-to-hidden matrix Wₕₕ of shape (G·H, H), each with a bias, named as PyTorch names them
/// (<c>weight_ih</c>, <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c>, with <c>_l0</c> for a layer's first
/// layer), stacked in PyTorch's gate order, and drawn from U(-1/√H, 1/√H) as PyTorch does. So a checkpoint
/// loads into <c>torch.nn.RNN</c>, <c>GRU</c> or <c>LSTM</c> (and their cells) unchanged.
/// </summary>
/// <remarks>
/// Taught in chapter 7, section 7.1 (notebooks/07-recurrent-networks.ipynb): the RNN step (task 7.1), 7.4 the GRU
/// (task 7.4) and LSTM steps from their gates, 7.5 these layers trained on words. The layers project the inputs of
/// every time step at once (one matrix product for the whole sequence) and only the hidden-to-hidden product stays
/// inside the time loop, which is what makes the recurrence sequential.
/// </remarks>
public abstract class RecurrentWeights : Module
{
    private readonly int _gates;

    protected RecurrentWeights(string kind, int inputSize, int hiddenSize, int gates, string nameSuffix, Generator generator, bool bias)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
        {
            throw new ArgumentException($"{kind}: input size {inputSize} and hidden size {hiddenSize} must be positive");
        }
        Kind = kind;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        _gates = gates;
        WeightIh = RegisterParameter($"weight_ih{nameSuffix}", Init.PyTorchDefault([gates * hiddenSize, inputSize], hiddenSize, generator));
        WeightHh = RegisterParameter($"weight_hh{nameSuffix}", Init.PyTorchDefault([gates * hiddenSize, hiddenSize], hiddenSize, generator));
        BiasIh = bias ? RegisterParameter($"bias_ih{nameSuffix}", Init.PyTorchDefault([gates * hiddenSize], hiddenSize, generator)) : null;
        BiasHh = bias ? RegisterParameter($"bias_hh{nameSuffix}", Init.PyTorchDefault([gates * hiddenSize], hiddenSize, generator)) : null;
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>(G·H, I): the input's contribution to every gate, gates stacked in PyTorch's order.</summary>
    public Tensor WeightIh { get; }

    /// <summary>(G·H, H): the previous hidden state's contribution to every gate.</summary>
    public Tensor WeightHh { get; }

    public Tensor? BiasIh { get; }

    public Tensor? BiasHh { get; }

    /// <summary>The module's name in messages, e.g. <c>GRU(8 → 16)</c>.</summary>
    protected string Kind { get; }

    /// <summary>x Wᵢₕᵀ + bᵢₕ for x of shape (..., I): every gate's input part, shape (..., G·H).</summary>
    protected Tensor ProjectInput(Tensor x)
    {
        var projected = x.MatMul(WeightIh.T);
        return BiasIh is null ? projected : projected + BiasIh;
    }

    /// <summary>h Wₕₕᵀ + bₕₕ for h of shape (B, H): every gate's recurrent part, shape (B, G·H).</summary>
    protected Tensor ProjectHidden(Tensor h)
    {
        var projected = h.MatMul(WeightHh.T);
        return BiasHh is null ? projected : projected + BiasHh;
    }

    /// <summary>Gate <paramref name="k"/> (0-based, PyTorch's order) of stacked gates (B, G·H): columns k·H to (k+1)·H.</summary>
    protected Tensor Gate(Tensor stacked, int k) => stacked.Slice(-1, k * HiddenSize, (k + 1) * HiddenSize);

    /// <summary>
    /// Runs <paramref name="step"/> over the time axis of a batch-first sequence (B, T, I): the inputs of all steps are
    /// projected at once, then step t gets its projected input (B, G·H) and the state, and returns the next state and
    /// its output (B, H). Gives the outputs stacked to (B, T, H) and the final state.
    /// </summary>
    protected (Tensor Output, TState Final) Unroll<TState>(Tensor sequence, TState initial, Func<Tensor, TState, (TState State, Tensor Output)> step)
    {
        var (batch, time) = (sequence.Size(0), sequence.Size(1));
        // Time-major, so that each step's slice is contiguous and reshapes without a copy.
        var projected = ProjectInput(sequence).Transpose(0, 1).Contiguous();
        var outputs = new List<Tensor>(time);
        var state = initial;
        for (var t = 0; t < time; t++)
        {
            Tensor output;
            (state, output) = step(projected.Slice(0, t, t + 1).Reshape(batch, _gates * HiddenSize), state);
            outputs.Add(output);
        }
        var stacked = time > 0 ? Tensor.Stack(outputs, axis: 1) : Tensor.Zeros([batch, 0, HiddenSize], sequence.Device);
        return (stacked, state);
    }

    /// <summary>The given state, checked against the batch, or zeros (PyTorch's default initial state).</summary>
    protected Tensor StateOrZeros(string name, Tensor? state, int batch, Device device)
    {
        if (state is null)
        {
            return Tensor.Zeros([batch, HiddenSize], device);
        }
        if (state.Rank != 2 || state.Size(0) != batch || state.Size(1) != HiddenSize)
        {
            throw new ArgumentException($"{Kind}: the {name} state has shape {state.ShapeText}, expected (batch, hidden) = ({batch},{HiddenSize})");
        }
        return state;
    }

    /// <summary>A cell's input (B, I); gives B.</summary>
    protected int CheckStepInput(Tensor input)
    {
        if (input.Rank != 2 || input.Size(1) != InputSize)
        {
            throw new ArgumentException($"{Kind}: a step's input has shape {input.ShapeText}, expected (batch, {InputSize})");
        }
        return input.Size(0);
    }

    /// <summary>A layer's input sequence (B, T, I); gives B.</summary>
    protected int CheckSequence(Tensor sequence)
    {
        if (sequence.Rank != 3 || sequence.Size(2) != InputSize)
        {
            throw new ArgumentException($"{Kind}: the input sequence has shape {sequence.ShapeText}, expected (batch, time, {InputSize}) (batch first)");
        }
        return sequence.Size(0);
    }
}

using DeepLearning.Data;
using DeepLearning.NN;

namespace DeepLearning.Models;

/// <summary>
/// A character-level language model with a recurrent core: each token's embedding (E) goes into an RNN or a GRU of H
/// units, and each hidden state into a linear layer whose 27 outputs are the logits of the next token. The state
/// carries everything the model remembers of the text so far, so the context has no fixed length.
/// </summary>
/// <remarks>Taught in chapter 7, section 7.5 (notebooks/07-recurrent-networks.ipynb); chapter 8 compares it with attention.</remarks>
public sealed class CharacterRecurrentModel : Module
{
    /// <summary><paramref name="kind"/> is "rnn" (the Elman recurrence) or "gru".</summary>
    public CharacterRecurrentModel(string kind, int embed, int hidden, Generator generator)
    {
        Kind = kind;
        Tokens = RegisterModule("tokens", new Embedding(CharacterVocabulary.Size, embed, generator));
        Recurrent = RegisterModule("recurrent", kind switch
        {
            "rnn" => (RecurrentWeights)new Rnn(embed, hidden, generator),
            "gru" => new Gru(embed, hidden, generator),
            _ => throw new ArgumentException($"unknown recurrent kind '{kind}'; choose rnn or gru"),
        });
        Head = RegisterModule("head", new Linear(hidden, CharacterVocabulary.Size, generator));
    }

    public string Kind { get; }
    public Embedding Tokens { get; }
    public RecurrentWeights Recurrent { get; }
    public Linear Head { get; }

    /// <summary>
    /// Tokens (B, T), row-major, and the state (B, H) the segment starts from (zeros when null) → the logits (B, T, 27)
    /// of the next token at every step, and the state after the last step.
    /// </summary>
    public (Tensor Logits, Tensor State) Forward(int[] tokens, int batch, int time, Tensor? state)
    {
        var embedded = Tokens.Lookup(tokens, batch, time);
        var (outputs, last) = Recurrent switch
        {
            Rnn rnn => rnn.Forward(embedded, state),
            Gru gru => gru.Forward(embedded, state),
            _ => throw new InvalidOperationException($"{Recurrent} is neither an RNN nor a GRU"),
        };
        return (Head.Forward(outputs), last);
    }

    /// <summary>Token ids (B, T) → logits (B, T, 27), from a zero state.</summary>
    public override Tensor Forward(Tensor input) =>
        Forward(input.ToArray().Select(id => (int)id).ToArray(), input.Size(0), input.Size(1), null).Logits;

    /// <summary>
    /// The mean negative log-likelihood of every prediction of <paramref name="stream"/>, read <paramref name="time"/>
    /// steps at a time with the state carried from segment to segment, without recording a graph.
    /// </summary>
    public double Nll(CharacterStream stream, int time = 64)
    {
        using var _ = Autograd.NoGrad();
        var (total, state) = (0.0, (Tensor?)null);
        for (var start = 0; start < stream.LaneLength; start += time)
        {
            var (inputs, targets, steps) = stream.Segment(start, time);
            Tensor logits;
            (logits, state) = Forward(inputs, stream.Lanes, steps, state);
            var logProbabilities = logits.LogSoftmax(-1).ToArray();
            for (var i = 0; i < targets.Length; i++)
            {
                // −1: past the end of the stream, in the last lane; nothing to predict.
                if (targets[i] >= 0)
                {
                    total -= logProbabilities[i * CharacterVocabulary.Size + targets[i]];
                }
            }
        }
        return total / stream.Predictions;
    }
}

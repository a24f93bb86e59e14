namespace DeepLearning.NN;

/// <summary>
/// Multi-head self-attention over a sequence x of shape (B, T, E), E = heads · D:
/// q, k, v = x W_qᵀ, x W_kᵀ, x W_vᵀ, split into heads of size D;
/// attention = softmax(q kᵀ / √D + mask) v per head; the heads are joined and projected by W_o.
/// With <c>causal</c>, position t attends only to positions ≤ t (the mask is -10⁹ above the diagonal), as a
/// language model needs: it must not see the characters it is predicting.
/// </summary>
/// <remarks>Taught in chapter 8, section 8.4 (notebooks/08-sequences-and-attention.ipynb), tasks 8.2 to 8.4.</remarks>
public sealed class MultiHeadSelfAttention : Module
{
    public MultiHeadSelfAttention(int embedDimension, int heads, Generator generator, bool causal = true)
    {
        if (heads <= 0 || embedDimension % heads != 0)
        {
            throw new ArgumentException($"MultiHeadSelfAttention: embedding dimension {embedDimension} must be a multiple of the head count {heads}");
        }
        EmbedDimension = embedDimension;
        Heads = heads;
        IsCausal = causal;
        Query = RegisterModule("query", new Linear(embedDimension, embedDimension, generator));
        Key = RegisterModule("key", new Linear(embedDimension, embedDimension, generator));
        Value = RegisterModule("value", new Linear(embedDimension, embedDimension, generator));
        Output = RegisterModule("output", new Linear(embedDimension, embedDimension, generator));
    }

    public int EmbedDimension { get; }

    public int Heads { get; }

    public bool IsCausal { get; }

    public Linear Query { get; }

    public Linear Key { get; }

    public Linear Value { get; }

    public Linear Output { get; }

    /// <summary>The attention weights of the last forward pass, shape (B, heads, T, T), for plotting.</summary>
    public Tensor? LastAttention { get; private set; }

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 3 || input.Size(2) != EmbedDimension)
        {
            throw new ArgumentException($"MultiHeadSelfAttention: expects input of shape (B, T, {EmbedDimension}), got {input.ShapeText}");
        }
        int batch = input.Size(0), time = input.Size(1), headSize = EmbedDimension / Heads;
        // (B, T, E) → (B, T, heads, D) → (B, heads, T, D)
        Tensor SplitHeads(Tensor x) => x.Reshape(batch, time, Heads, headSize).Permute(0, 2, 1, 3);
        var q = SplitHeads(Query.Forward(input));
        var k = SplitHeads(Key.Forward(input));
        var v = SplitHeads(Value.Forward(input));
        var scores = q.MatMul(k.Transpose(-1, -2)) / MathF.Sqrt(headSize);
        if (IsCausal)
        {
            scores += CausalMask(time).To(scores.Device);
        }
        var attention = Functional.Softmax(scores, axis: -1);
        LastAttention = attention.Detach();
        var joined = attention.MatMul(v).Permute(0, 2, 1, 3).Reshape(batch, time, EmbedDimension);
        return Output.Forward(joined);
    }

    /// <summary>(T, T): 0 on and below the diagonal, -10⁹ above it. Made on the host.</summary>
    public static Tensor CausalMask(int time)
    {
        var mask = new float[time * time];
        for (var row = 0; row < time; row++)
        {
            mask.AsSpan(row * time + row + 1, time - row - 1).Fill(-1e9f);
        }
        return Tensor.FromArray(mask, time, time).To(Device.Cpu);
    }

    public override string ToString() => $"MultiHeadSelfAttention({EmbedDimension}, heads {Heads}{(IsCausal ? ", causal" : "")})";
}

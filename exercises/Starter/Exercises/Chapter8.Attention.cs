using DeepLearning.Data;
using DeepLearning.NN;

namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 8: from counting character pairs to self-attention. Queries, keys and values are (T, D) or batched
/// (B, T, D); a causal model lets position t look only at positions ≤ t.
/// </summary>
public static class Attention
{
    // Task 8.1: bigram counts
    /// <summary>
    /// A 27×27 table: counts[a, b] is how often token b follows token a, over every word framed by the
    /// end-of-word token on both sides (".ab." gives the pairs .a, ab, b.). Tokens as in
    /// <see cref="CharacterVocabulary"/>: '.' is 0, 'a' to 'z' are 1 to 26.
    /// </summary>
    public static int[,] BigramCounts(IEnumerable<string> words)
    {
        throw new NotImplementedException("Task 8.1: bigram counts");
    }

    // Task 8.2: the causal mask
    // Write it yourself; not allowed here: MultiHeadSelfAttention.CausalMask
    /// <summary>
    /// A (T, T) tensor added to attention scores: 0 on and below the diagonal (row t may look at columns ≤ t),
    /// and a very negative number (-1e9, or -∞) above it, so that softmax gives those positions weight 0.
    /// </summary>
    public static Tensor CausalMask(int time)
    {
        throw new NotImplementedException("Task 8.2: the causal mask");
    }

    // Task 8.3: scaled attention scores
    // Write it yourself; not allowed here: MultiHeadSelfAttention.Forward
    /// <summary>
    /// scores = Q Kᵀ / √D for queries and keys (…, T, D), shape (…, T, T); with <paramref name="causal"/>, the
    /// positions above the diagonal are masked as in task 8.2.
    /// </summary>
    public static Tensor AttentionScores(Tensor queries, Tensor keys, bool causal)
    {
        throw new NotImplementedException("Task 8.3: scaled attention scores");
    }

    // Task 8.4: scaled dot-product attention
    // Write it yourself; not allowed here: MultiHeadSelfAttention.Forward
    /// <summary>
    /// softmax(Q Kᵀ / √D [+ causal mask]) V along the last axis, for Q, K, V of shape (…, T, D): each position's
    /// output is a weighted average of the values, weighted by how well its query matches each key.
    /// </summary>
    public static Tensor ScaledDotProductAttention(Tensor queries, Tensor keys, Tensor values, bool causal)
    {
        throw new NotImplementedException("Task 8.4: scaled dot-product attention");
    }

    // Task 8.5: the backward of softmax, a Jacobian-vector product
    // Write it yourself; not allowed here: Tensor.Backward, Tensor.Softmax, Functional.Softmax
    /// <summary>
    /// For s = softmax(z) along the last axis (any leading axes) and the upstream gradient ḡ = dL/ds of the same
    /// shape: z̄ = Jᵀḡ with J = diag(s) - s sᵀ, which is s ⊙ (ḡ - ⟨s, ḡ⟩), the dot product taken along the last axis
    /// (keepDims). Do not build J.
    /// </summary>
    public static Tensor SoftmaxBackward(Tensor softmaxOutput, Tensor outputGrad)
    {
        throw new NotImplementedException("Task 8.5: the backward of softmax, a Jacobian-vector product");
    }

    // Task 8.6: the backward of layer normalisation, by hand
    // Write it yourself; not allowed here: Tensor.Backward, LayerNorm
    /// <summary>
    /// For x (..., D) and the upstream gradient ȳ of y = γ·x̂ + β, where x̂ = (x - μ)/σ with μ and σ = √(σ² + ε) of
    /// each row over its D features (the last axis): β̄ = Σ ȳ and γ̄ = Σ ȳ·x̂, summed over every leading axis to
    /// shape (D); with ĝ = γ·ȳ, x̄ = 1/(D·σ) · (D·ĝ - Σ ĝ - x̂·Σ ĝ·x̂), these sums over the last axis (keepDims).
    /// </summary>
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) LayerNormBackward(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        throw new NotImplementedException("Task 8.6: the backward of layer normalisation, by hand");
    }

    // Question 8.a: the bigrams of two words
    /// <summary>Your answer to quick question 8.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question8A()
    {
        throw new NotImplementedException("Question 8.a: the bigrams of two words");
    }

    // Question 8.b: the masked entries of a causal mask
    /// <summary>Your answer to quick question 8.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question8B()
    {
        throw new NotImplementedException("Question 8.b: the masked entries of a causal mask");
    }

    // Question 8.c: attention over identical keys
    /// <summary>Your answer to quick question 8.c in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question8C()
    {
        throw new NotImplementedException("Question 8.c: attention over identical keys");
    }
}

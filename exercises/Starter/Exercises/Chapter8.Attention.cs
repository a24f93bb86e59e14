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

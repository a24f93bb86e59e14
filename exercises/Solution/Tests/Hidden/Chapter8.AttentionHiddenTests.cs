namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter8HiddenTests
{
    [Test, Category("task:8.1"), Weight(2), Hint("every word contributes len + 1 pairs, including the ones with '.'")]
    public void NamesMatchAPairCount()
    {
        string[] words = ["emma", "olivia", "ava", "isabella", "sophia", "a"];
        var expected = new int[27, 27];
        foreach (var framed in words.Select(word => "." + word + "."))
        {
            for (var i = 0; i + 1 < framed.Length; i++)
            {
                expected[Data.CharacterVocabulary.TokenOf(framed[i]), Data.CharacterVocabulary.TokenOf(framed[i + 1])]++;
            }
        }
        BigramAssert.Equal(expected, Attention.BigramCounts(words), "bigrams of six names");
    }

    [Test, Category("task:8.2"), Hint("one position sees only itself; the mask has shape (T, T) for any T")]
    public void OneAndSevenPositions()
    {
        AttentionAssert.IsCausalMask(Attention.CausalMask(1), 1);
        AttentionAssert.IsCausalMask(Attention.CausalMask(7), 7);
    }

    [Test, Category("task:8.3"), Weight(2), Hint("leading batch axes ride along: transpose only the last two axes of K")]
    public void BatchedCausalScores()
    {
        var (queries, keys) = (TensorAssert.Random(174, 2, 5, 4), TensorAssert.Random(175, 2, 5, 4));
        AttentionAssert.MaskedScores(queries.MatMul(keys.Transpose(-1, -2)) / 2, Attention.AttentionScores(queries, keys, true));
    }

    [Test, Category("task:8.4"), Weight(2), Hint("softmax along the last axis, after masking; batches of sequences work the same way", Cause = HintCause.WrongValues)]
    public void BatchedCausalAttention() => AttentionAssert.MatchesFormula(Attention.ScaledDotProductAttention, 184, causal: true, 2, 6, 4);

    [Test, Category("task:8.5"), Hint("one row of a single vector, and a softmax that is almost one-hot: z̄ is then almost 0", Cause = HintCause.WrongValues)]
    public void SingleVectorAndNearlyOneHot()
    {
        SoftmaxBackwardAssert.MatchesAutograd(Attention.SoftmaxBackward, TensorAssert.Random(198, 6), seed: 199);
        SoftmaxBackwardAssert.MatchesAutograd(Attention.SoftmaxBackward, Tensor.FromArray(new float[,] { { 12, 0, -3, 1 }, { 0, 0, 0, 0 } }), seed: 200);
    }

    [Test, Category("task:8.6"), Weight(2), Hint("a matrix (N, D) with rows of very different scales, and another ε", Cause = HintCause.WrongValues)]
    public void RowsOfDifferentScalesAndOtherEpsilon() => LayerNormBackwardAssert.MatchesAutograd(Attention.LayerNormBackward,
        TensorAssert.Random(201, 4, 6) * Tensor.FromArray([0.1f, 1, 10, 100], 4, 1) + 5, seed: 202, epsilon: 1e-3f);

    [Test, Category("task:8.6"), Hint("a single vector (D): γ̄ and β̄ then have nothing to sum over", Cause = HintCause.WrongValues)]
    public void SingleVector() => LayerNormBackwardAssert.MatchesAutograd(Attention.LayerNormBackward, TensorAssert.Random(203, 5), seed: 204, epsilon: 1e-5f);
}

using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:8.1")]
public sealed class Task8_1_BigramCounts(Func<IEnumerable<string>, int[,]> bigramCounts)
{
    public Task8_1_BigramCounts() : this(Attention.BigramCounts) { }

    [Test, Hint("frame each word as .word. and count every adjacent pair; CharacterVocabulary.TokenOf gives the indices")]
    public void TwoShortWords()
    {
        var counts = bigramCounts(["ab", "b"]);
        Assert.That(counts.GetLength(0) == 27 && counts.GetLength(1) == 27, Is.True, $"the table should be 27×27, got {counts.GetLength(0)}×{counts.GetLength(1)}");
        var expected = new int[27, 27];
        expected[0, 1] = 1; // .a
        expected[1, 2] = 1; // ab
        expected[2, 0] = 2; // b. twice
        expected[0, 2] = 1; // .b
        BigramAssert.Equal(expected, counts, "bigrams of [\"ab\", \"b\"]");
    }
}

internal static class BigramAssert
{
    private const string Characters = ".abcdefghijklmnopqrstuvwxyz";

    public static void Equal(int[,] expected, int[,] actual, string what)
    {
        for (var first = 0; first < 27; first++)
        {
            for (var second = 0; second < 27; second++)
            {
                if (expected[first, second] != actual[first, second])
                {
                    var cause = (first == 0 || second == 0) && actual[first, second] == 0 ? "the words are not framed by '.': count '.' before the first letter and after the last"
                        : actual[0, 0] > 0 || actual[26, 26] > 0 ? "the letters' tokens are off by one: '.' is 0, 'a' is 1, ..., 'z' is 26 (CharacterVocabulary.TokenOf)"
                        : null;
                    Assert.Fail($"{what}: the pair '{Characters[first]}{Characters[second]}' should be counted {expected[first, second]} times, got {actual[first, second]}" + TensorAssert.CauseLine(cause));
                }
            }
        }
    }
}

[TestFixture, Category("task:8.2"), WriteItYourself("MultiHeadSelfAttention.CausalMask")]
public sealed class Task8_2_CausalMask(Func<int, Tensor> causalMask)
{
    public Task8_2_CausalMask() : this(Attention.CausalMask) { }

    [Test, Hint("row t may see columns 0..t: 0 there, and -1e9 (or -∞) in the columns after t")]
    public void FourPositions() => AttentionAssert.IsCausalMask(causalMask(4), 4);
}

[TestFixture, Category("task:8.3"), WriteItYourself("MultiHeadSelfAttention.Forward")]
public sealed class Task8_3_AttentionScores(Func<Tensor, Tensor, bool, Tensor> attentionScores)
{
    public Task8_3_AttentionScores() : this(Attention.AttentionScores) { }

    [Test, Hint("Q Kᵀ: transpose the last two axes of K; divide by √D, D = the last size of Q")]
    public void ScaledDotProducts()
    {
        var (queries, keys) = (TensorAssert.Random(170, 3, 2), TensorAssert.Random(171, 3, 2));
        var products = queries.MatMul(keys.T);
        TensorAssert.Close(products / MathF.Sqrt(2), attentionScores(queries, keys, false), "scores Q Kᵀ / √D of (T, D) = (3,2) queries Q and keys K", comparison: new Comparison
        {
            Suspects =
            [
                new("the scores are not divided by √D = √2", products),
                new("the scores are divided by D = 2; the scale is √D", products / 2),
                new("the scores are K Qᵀ, the transpose: row t is query t, so Q Kᵀ", products.T / MathF.Sqrt(2)),
            ],
            Position = AttentionAssert.QueryAndKey,
        });
    }

    [Test, Weight(2), Hint("add the causal mask of task 8.2 to the scaled scores")]
    public void CausalScoresAreMasked()
    {
        var (queries, keys) = (TensorAssert.Random(172, 4, 3), TensorAssert.Random(173, 4, 3));
        AttentionAssert.MaskedScores(queries.MatMul(keys.T) / MathF.Sqrt(3), attentionScores(queries, keys, true));
    }

    [Test, Hint("leading batch axes ride along: transpose only the last two axes of K, Transpose(-1, -2); .T is for a matrix")]
    public void LeadingBatchAxesRideAlong()
    {
        var (queries, keys) = (TensorAssert.Random(176, 2, 3, 2), TensorAssert.Random(177, 2, 3, 2));
        const string what = "scores Q Kᵀ / √D of a batch of 2 sequences, Q and K of shape (…, T, D) = (2,3,2)";
        var scores = AttentionAssert.CallBatched(() => attentionScores(queries, keys, false), what);
        TensorAssert.Close(queries.MatMul(keys.Transpose(-1, -2)) / MathF.Sqrt(2), scores, what, comparison: new Comparison { Position = AttentionAssert.QueryAndKey });
    }
}

[TestFixture, Category("task:8.4"), WriteItYourself("MultiHeadSelfAttention.Forward")]
public sealed class Task8_4_ScaledDotProductAttention(Func<Tensor, Tensor, Tensor, bool, Tensor> attention)
{
    public Task8_4_ScaledDotProductAttention() : this(Attention.ScaledDotProductAttention) { }

    [Test, Weight(2), Hint("softmax of the scaled scores along the last axis, then multiply by V")]
    public void MatchesTheFormula() => AttentionAssert.MatchesFormula(attention, 180, causal: false, 4, 3);

    [Test, Hint("leading batch axes ride along: transpose only the last two axes of K, Transpose(-1, -2); .T is for a matrix")]
    public void LeadingBatchAxesRideAlong() => AttentionAssert.MatchesFormula(attention, 186, causal: true, 2, 3, 2);

    [Test, Hint("with a causal mask the first position can only attend to itself, so its output is V's first row")]
    public void CausalFirstRowIsTheFirstValue()
    {
        var (queries, keys, values) = (TensorAssert.Random(181, 5, 2), TensorAssert.Random(182, 5, 2), TensorAssert.Random(183, 5, 2));
        var output = attention(queries, keys, values, true);
        var unmasked = Functional.Softmax(queries.MatMul(keys.T) / MathF.Sqrt(2), axis: -1).MatMul(values);
        TensorAssert.Close(values.Slice(0, 0, 1), output.Slice(0, 0, 1), "output of position 0 under a causal mask", comparison: new Comparison
        {
            Suspects = [new("position 0 attends to later positions: with causal true, add the causal mask to the scores before the softmax", unmasked.Slice(0, 0, 1))],
        });
    }
}

internal static class AttentionAssert
{
    public static void IsCausalMask(Tensor? mask, int time)
    {
        Assert.That(mask, Is.Not.Null, "the mask is null");
        Assert.That(mask!.Shape, Is.EqualTo(new[] { time, time }), $"shape of the mask for T = {time}");
        for (var row = 0; row < time; row++)
        {
            for (var column = 0; column < time; column++)
            {
                var value = mask[row, column];
                if (column <= row && value != 0)
                {
                    var cause = column == row && (time < 2 || mask[1, 0] == 0) ? "the diagonal is masked: a position may attend to itself, so mask only the columns after t"
                        : column < row && mask[0, time - 1] == 0 ? "the mask is the transpose of the causal one: it hides the past (below the diagonal); hide the future, the columns after t"
                        : null;
                    Assert.Fail($"M[t, s] at t = {row}, s = {column} is {value}: position t may look at position s ≤ t, so M must be 0 there" + TensorAssert.CauseLine(cause));
                }
                if (column > row && !(value <= -1e9f))
                {
                    var cause = mask[column, row] <= -1e9f ? "the mask is the transpose of the causal one: it hides the past (below the diagonal); hide the future, the columns after t"
                        : value == 1 ? "the mask holds 0 and 1 (a boolean); it is added to the scores, so use 0 and -1e9 (or -∞)"
                        : null;
                    Assert.Fail($"M[t, s] at t = {row}, s = {column} is {value}: position t must not see the later position s > t; use -1e9 or -∞" + TensorAssert.CauseLine(cause));
                }
            }
        }
    }

    /// <summary>
    /// Runs the function under test on inputs with a leading batch axis. Where it transposes K with .T, which only a
    /// matrix has, the message says so instead of the bare exception.
    /// </summary>
    public static Tensor CallBatched(Func<Tensor> function, string what)
    {
        try
        {
            return function();
        }
        catch (InvalidOperationException exception) when (exception.Message.StartsWith("T:", StringComparison.Ordinal))
        {
            Assert.Fail($"{what}: your function threw InvalidOperationException: {exception.Message}" +
                TensorAssert.CauseLine("K's transpose must swap only its last two axes, T and D, and leave the batch axes: keys.Transpose(-1, -2), not keys.T"));
            throw;
        }
    }

    public static string QueryAndKey(int[] index) => $"query t = {index[^2]}, key s = {index[^1]}";

    /// <summary>Scores on and below the diagonal as expected; above it, at most -1e9 (-∞ is fine too).</summary>
    public static void MaskedScores(Tensor unmasked, Tensor? actual)
    {
        Assert.That(actual, Is.Not.Null, "the scores are null");
        Assert.That(actual!.Shape, Is.EqualTo(unmasked.Shape), "shape of the scores");
        var time = unmasked.Size(-1);
        var expected = unmasked.ToArray();
        var values = actual.ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var (row, column) = (i / time % time, i % time);
            var fine = column > row ? values[i] <= -1e9f : Math.Abs(values[i] - expected[i]) <= 1e-4f * (1 + Math.Abs(expected[i]));
            if (!fine)
            {
                var want = column > row ? "at most -1e9 (masked)" : expected[i].ToString("G6");
                var cause = column > row && Math.Abs(values[i] - expected[i]) <= 1e-4f * (1 + Math.Abs(expected[i])) ? "the scores are not masked: add the causal mask of task 8.2 when causal is true"
                    : column <= row && values[i] <= -1e9f ? "the mask hides what query t may see: only the keys s after t are masked"
                    : null;
                Assert.Fail($"causal scores: query t = {row}, key s = {column} should be {want}, got {values[i]:G6}" + TensorAssert.CauseLine(cause));
            }
        }
    }

    public static void MatchesFormula(Func<Tensor, Tensor, Tensor, bool, Tensor> attention, ulong seed, bool causal, params int[] shape)
    {
        var (queries, keys, values) = (TensorAssert.Random(seed, shape), TensorAssert.Random(seed + 1, shape), TensorAssert.Random(seed + 2, shape));
        var scores = queries.MatMul(keys.Transpose(-1, -2)) / MathF.Sqrt(shape[^1]);
        if (causal)
        {
            scores += MultiHeadSelfAttention.CausalMask(shape[^2]);
        }
        var expected = Functional.Softmax(scores, axis: -1).MatMul(values);
        var comparison = new Comparison
        {
            Suspects =
            [
                new("the softmax runs over the queries (axis -2); each query's weights over the keys, the last axis, sum to 1", Functional.Softmax(scores, axis: -2).MatMul(values)),
                new($"the scores are not divided by √D = √{shape[^1]} before the softmax", Functional.Softmax(scores * MathF.Sqrt(shape[^1]), axis: -1).MatMul(values)),
                new("the output is the softmax weights themselves: multiply them by V", Functional.Softmax(scores, axis: -1)),
            ],
            Position = index => $"query t = {index[^2]}, feature {index[^1]}",
        };
        var what = $"{(causal ? "causal " : "")}attention softmax(Q Kᵀ/√D) V over {(shape.Length > 2 ? "(…, T, D)" : "(T, D)")} = {Shapes.Format(shape)} queries, keys and values";
        TensorAssert.Close(expected, CallBatched(() => attention(queries, keys, values, causal), what), what, comparison: comparison);
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:8.a")]
public sealed class Question8_a(Func<int> answer)
{
    public Question8_a() : this(Attention.Question8A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("8.a", answer(), "484091f784af521e4990311cc9e142ba729e42465c7ff0ad6dca71341278016d",
            lookAgainAt: "a word of n letters, with the '.' before and after it, has n + 1 pairs");
}

[TestFixture, Category("task:8.b")]
public sealed class Question8_b(Func<int> answer)
{
    public Question8_b() : this(Attention.Question8B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("8.b", answer(), "2637afb2feb062f25ab5085590de01bddea4be2145eb4cbeb35d947a9f386693",
            lookAgainAt: "the entries above the diagonal of a 4 × 4 matrix");
}

[TestFixture, Category("task:8.c")]
public sealed class Question8_c(Func<int> answer)
{
    public Question8_c() : this(Attention.Question8C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("8.c", answer(), "38644e158d4a5af0acee1b9df05b2e6231caff39e94892ec27a64f04d021dcb9",
            lookAgainAt: "the scores when every key is zero, and the softmax of equal scores");
}

using DeepLearning.Data;
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

[TestFixture, Category("task:8.5"), WriteItYourself("Tensor.Backward", "Tensor.Softmax", "Functional.Softmax")]
public sealed class Task8_5_SoftmaxBackward(Func<Tensor, Tensor, Tensor> softmaxBackward)
{
    public Task8_5_SoftmaxBackward() : this(Attention.SoftmaxBackward) { }

    [Test, Weight(2), Hint("z̄ = s ⊙ (ḡ - ⟨s, ḡ⟩): one dot product ⟨s, ḡ⟩ per row, along the last axis with keepDims, subtracted from every entry of the row")]
    public void MatchesAutograd() => SoftmaxBackwardAssert.MatchesAutograd(softmaxBackward, TensorAssert.Random(190, 2, 3, 4), seed: 191);

    [Test, Hint("compare your z̄ with central differences of L = Σ softmax(z)·ḡ, one logit at a time")]
    public void MatchesNumericalGradient() => SoftmaxBackwardAssert.MatchesNumericalGradient(softmaxBackward, TensorAssert.Random(192, 3, 5), seed: 193);
}

/// <summary>
/// Compares a learner's softmax backward with the engine's autograd through <see cref="Tensor.Softmax"/>, in the
/// notebook's notation: s = softmax(z) along the last axis, ḡ the upstream gradient, z̄ = Jᵀḡ.
/// </summary>
internal static class SoftmaxBackwardAssert
{
    public static void MatchesAutograd(Func<Tensor, Tensor, Tensor> softmaxBackward, Tensor logits, ulong seed)
    {
        var upstream = TensorAssert.Random(seed, logits.Shape);
        var z = logits.Detach().RequireGrad();
        z.Softmax(-1).Backward(upstream);
        var probabilities = logits.Softmax(-1).Detach();
        TensorAssert.Close(z.Grad!, softmaxBackward(probabilities, upstream), $"z̄ = s ⊙ (ḡ - ⟨s, ḡ⟩) for s = softmax(z) of shape {logits.ShapeText}", 1e-5f,
            Suspects(probabilities, upstream));
    }

    public static void MatchesNumericalGradient(Func<Tensor, Tensor, Tensor> softmaxBackward, Tensor logits, ulong seed)
    {
        var upstream = TensorAssert.Random(seed, logits.Shape);
        var numerical = NumericalGradient.Of(z => NumericalGradient.Against(z.Softmax(-1), upstream), logits);
        var probabilities = logits.Softmax(-1).Detach();
        TensorAssert.Close(numerical, softmaxBackward(probabilities, upstream),
            $"z̄ against central differences (h = 0.01) of L = Σ softmax(z)·ḡ, z of shape {logits.ShapeText}", 1e-2f, Suspects(probabilities, upstream));
    }

    private static Comparison Suspects(Tensor s, Tensor upstream) => new()
    {
        Suspects =
        [
            new("only J's diagonal sᵢ(1 - sᵢ) is used; its off-diagonal entries -sᵢsⱼ count too, which gives z̄ = s ⊙ (ḡ - ⟨s, ḡ⟩)", s * (1 - s) * upstream),
            new("the term -⟨s, ḡ⟩ is missing: z̄ = s ⊙ (ḡ - ⟨s, ḡ⟩), the dot product along the last axis", s * upstream),
            new("z̄ is not multiplied by s: z̄ = s ⊙ (ḡ - ⟨s, ḡ⟩)", upstream - (s * upstream).Sum(-1, keepDims: true)),
            new("⟨s, ḡ⟩ is summed over the whole tensor; take one dot product per row, along the last axis (keepDims)", s * (upstream - (s * upstream).Sum())),
            new("⟨s, ḡ⟩ is summed over the first axis; softmax, and so the dot product, runs along the last axis", s * (upstream - (s * upstream).Sum(0, keepDims: true))),
        ],
    };
}

[TestFixture, Category("task:8.6"), WriteItYourself("Tensor.Backward", "LayerNorm")]
public sealed class Task8_6_LayerNormBackward(Func<Tensor, Tensor, Tensor, float, (Tensor GradInput, Tensor GradGamma, Tensor GradBeta)> layerNormBackward)
{
    public Task8_6_LayerNormBackward() : this(Attention.LayerNormBackward) { }

    [Test, Weight(2), Hint("as batch norm's backward (chapter 5) with the sums over the last axis, and γ inside: ĝ = γ·ȳ; γ̄ and β̄ sum over every leading axis")]
    public void MatchesAutograd() => LayerNormBackwardAssert.MatchesAutograd(layerNormBackward, TensorAssert.Random(194, 2, 3, 4), seed: 195, epsilon: 1e-5f);

    [Test, Hint("compare your x̄ with central differences of L = Σ y·ȳ, one element at a time")]
    public void MatchesNumericalGradient() => LayerNormBackwardAssert.MatchesNumericalGradient(layerNormBackward, TensorAssert.Random(196, 3, 4), seed: 197);
}

/// <summary>
/// Compares a learner's layer-norm backward with the engine's autograd through <see cref="LayerNorm"/>, in the
/// notebook's notation: x (..., D), ȳ the upstream gradient, x̂ = (x - μ)/σ over the last axis, ĝ = γ·ȳ.
/// </summary>
internal static class LayerNormBackwardAssert
{
    public static void MatchesAutograd(Func<Tensor, Tensor, Tensor, float, (Tensor GradInput, Tensor GradGamma, Tensor GradBeta)> layerNormBackward,
        Tensor input, ulong seed, float epsilon)
    {
        var features = input.Size(-1);
        var gamma = TensorAssert.Random(seed, features);
        var upstream = TensorAssert.Random(seed + 1, input.Shape);
        var module = new LayerNorm(features, epsilon);
        module.Weight.CopyFrom(gamma);
        var x = input.Detach().RequireGrad();
        module.Forward(x).Backward(upstream);
        var (gradInput, gradGamma, gradBeta) = layerNormBackward(input.Detach(), gamma, upstream, epsilon);

        var what = $"for x (..., D) = {input.ShapeText}";
        var normalised = Normalisation.Normalise(input, epsilon, axis: -1);
        (string, int[])[] leadingAxes =
        [
            ("summed over the first axis only: sum over every leading axis, to one entry per feature, (D)", upstream.Sum(0).Shape),
            ("summed over the features (the last axis); γ and β have one entry per feature, so their gradients sum over every other axis", upstream.Sum(-1).Shape),
            ("not summed: sum over every leading axis, to the shape (D) of γ and β", upstream.Shape),
        ];
        TensorAssert.Close(module.Bias.Grad!, gradBeta, $"β̄ = Σ ȳ over the leading axes, of shape (D), {what}", 1e-4f, new Comparison
        {
            Suspects = [new("your β̄ is γ̄ = Σ ȳ·x̂: return (x̄, γ̄, β̄) in that order", (upstream * normalised).SumToShape([features]))],
            ShapeSuspects = [.. leadingAxes.Select(suspect => ("β̄ is " + suspect.Item1, suspect.Item2))],
        });
        TensorAssert.Close(module.Weight.Grad!, gradGamma, $"γ̄ = Σ ȳ·x̂ over the leading axes, of shape (D), {what}", 1e-4f, new Comparison
        {
            Suspects =
            [
                new("γ̄ sums ȳ·x, the raw input; y = γ·x̂ + β, so γ̄ = Σ ȳ·x̂, with x̂ the normalised input", (upstream * input).SumToShape([features])),
                new("your γ̄ is β̄ = Σ ȳ: return (x̄, γ̄, β̄) in that order", upstream.SumToShape([features])),
            ],
            ShapeSuspects = [.. leadingAxes.Select(suspect => ("γ̄ is " + suspect.Item1, suspect.Item2))],
        });
        TensorAssert.Close(x.Grad!, gradInput, $"x̄, of the shape of x, {what}", 1e-4f, InputGradientSuspects(input, gamma, upstream, epsilon));
    }

    public static void MatchesNumericalGradient(Func<Tensor, Tensor, Tensor, float, (Tensor GradInput, Tensor GradGamma, Tensor GradBeta)> layerNormBackward,
        Tensor input, ulong seed)
    {
        const float epsilon = 1e-5f;
        var gamma = TensorAssert.Random(seed, input.Size(-1));
        var upstream = TensorAssert.Random(seed + 1, input.Shape);
        var numerical = NumericalGradient.Of(x => NumericalGradient.Against(gamma * Normalisation.Normalise(x, epsilon, axis: -1), upstream), input);
        var (gradInput, _, _) = layerNormBackward(input, gamma, upstream, epsilon);
        TensorAssert.Close(numerical, gradInput, $"x̄ against central differences (h = 0.01) of L = Σ y·ȳ, x (..., D) = {input.ShapeText}", 2e-2f,
            InputGradientSuspects(input, gamma, upstream, epsilon));
    }

    private static Comparison InputGradientSuspects(Tensor input, Tensor gamma, Tensor upstream, float epsilon) => new()
    {
        Sizes = [("D", input.Size(-1))],
        Suspects =
        [
            new("x̄ = γ·ȳ/σ treats μ and σ as constants; they depend on every feature of the row, which adds the terms -Σ ĝ (through μ) and -x̂·Σ ĝ·x̂ (through σ²)",
                Normalisation.InputGradient(input, gamma, upstream, epsilon, -1, meanPath: false, variancePath: false)),
            new("the term -Σ ĝ is missing: the path through the mean μ", Normalisation.InputGradient(input, gamma, upstream, epsilon, -1, meanPath: false)),
            new("the term -x̂·Σ ĝ·x̂ is missing: the path through the variance σ²", Normalisation.InputGradient(input, gamma, upstream, epsilon, -1, variancePath: false)),
            new("γ is missing: in layer norm γ varies along the summed axis, so it goes inside the sums, ĝ = γ·ȳ, before Σ ĝ and Σ ĝ·x̂",
                Normalisation.InputGradient(input, gamma, upstream, epsilon, -1, withGamma: false)),
            new("γ multiplies the result instead of ȳ inside the sums: in layer norm γ varies along the summed axis, so ĝ = γ·ȳ comes first",
                gamma * Normalisation.InputGradient(input, gamma, upstream, epsilon, -1, withGamma: false)),
        ],
    };
}

using DeepLearning.NN;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// Causal self-attention must not look ahead: a language model trained with it predicts character t+1
/// from characters 0..t only. So the output at position t may not change when later positions change.
/// </summary>
public class CausalAttentionTests
{
    private const int Time = 5;

    /// <summary>A copy of <paramref name="sequence"/> (shape (1, T, E)) with the positions from <paramref name="from"/> on replaced.</summary>
    private static Tensor WithLaterPositionsChanged(Tensor sequence, int from)
    {
        var changed = sequence.Clone().Detach();
        changed.Slice(1, from, Time).CopyFrom(Tensor.Randn([1, Time - from, 4], new Generator(99)) * 5f);
        return changed;
    }

    private static float[] Positions(Tensor output, int start, int end) => output.Slice(1, start, end).ToArray();

    [Test]
    public void OutputAtEarlierPositionsIgnoresLaterPositions([Range(0, Time - 2)] int lastUnchanged)
    {
        var attention = new MultiHeadSelfAttention(embedDimension: 4, heads: 2, new Generator(1));
        var sequence = Tensor.Randn([1, Time, 4], new Generator(2));

        var original = attention.Forward(sequence);
        var changed = attention.Forward(WithLaterPositionsChanged(sequence, lastUnchanged + 1));

        // The masked scores are -10⁹, whose exponential is exactly 0, so the earlier outputs are unchanged.
        Assert.That(Positions(changed, 0, lastUnchanged + 1), Is.EqualTo(Positions(original, 0, lastUnchanged + 1)).Within(1e-6f));
        // The positions that did change see their own new input: the comparison above is not vacuous.
        Assert.That(Positions(changed, lastUnchanged + 1, Time), Is.Not.EqualTo(Positions(original, lastUnchanged + 1, Time)));
    }

    [Test]
    public void WithoutTheMaskEveryPositionSeesTheFuture()
    {
        // The control: the same change does reach position 0 when attention is not causal.
        var attention = new MultiHeadSelfAttention(embedDimension: 4, heads: 2, new Generator(3), causal: false);
        var sequence = Tensor.Randn([1, Time, 4], new Generator(4));

        var original = attention.Forward(sequence);
        var changed = attention.Forward(WithLaterPositionsChanged(sequence, from: Time - 1));

        Assert.That(Positions(changed, 0, 1), Is.Not.EqualTo(Positions(original, 0, 1)));
    }

    [Test]
    public void AttentionWeightsAreZeroAboveTheDiagonalAndEachRowSumsToOne()
    {
        var attention = new MultiHeadSelfAttention(embedDimension: 4, heads: 2, new Generator(5));
        attention.Forward(Tensor.Randn([2, Time, 4], new Generator(6)));
        var weights = attention.LastAttention!; // (B, heads, T, T)

        for (var b = 0; b < 2; b++)
        for (var head = 0; head < 2; head++)
        for (var row = 0; row < Time; row++)
        {
            var rowWeights = Enumerable.Range(0, Time).Select(column => weights[b, head, row, column]).ToArray();
            Assert.That(rowWeights[(row + 1)..], Has.All.EqualTo(0f), $"row {row} looks ahead");
            Assert.That(rowWeights.Sum(), Is.EqualTo(1f).Within(1e-5f));
        }
    }

    [Test]
    public void TheGradientDoesNotFlowFromAnEarlierOutputToALaterInput()
    {
        var attention = new MultiHeadSelfAttention(embedDimension: 4, heads: 2, new Generator(7));
        var sequence = Tensor.Randn([1, Time, 4], new Generator(8)).RequireGrad();

        // L = the sum of the outputs at positions 0 and 1 only.
        attention.Forward(sequence).Slice(1, 0, 2).Sum().Backward();

        Assert.That(sequence.Grad!.Slice(1, 2, Time).ToArray(), Has.All.EqualTo(0f));
        Assert.That(sequence.Grad!.Slice(1, 0, 2).ToArray(), Has.Some.Not.EqualTo(0f));
    }
}

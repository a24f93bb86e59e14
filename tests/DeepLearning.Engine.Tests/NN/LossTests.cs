using DeepLearning.NN;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// Loss values against numbers worked out by hand, the stable forms holding up on logits far too large
/// for the naive formulas, and the messages for targets that do not fit the scores.
/// </summary>
public class LossTests
{
    private static Tensor TwoRowsOfLogits() => Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 1, 1, 1 } });

    private static readonly double Log3 = Math.Log(3);

    [Test]
    public void CrossEntropyIsTheMeanNegativeLogSoftmaxOfTheTrueClass()
    {
        // Row 0: log Σ e^z = log(e + e² + e³) = 3 + log(1 + e⁻¹ + e⁻²) = 3.407606, so -log p[2] = 3.407606 - 3 = 0.407606.
        // Row 1: three equal logits, p = 1/3 each, so -log p[0] = log 3 = 1.098612.
        // Mean: (0.407606 + 1.098612) / 2 = 0.753109.
        var loss = Losses.CrossEntropy(TwoRowsOfLogits(), [2, 0]);

        Assert.That(loss.Shape, Is.Empty);
        Assert.That(loss.Item(), Is.EqualTo((0.4076059644 + Log3) / 2).Within(1e-6));
    }

    [Test]
    public void CrossEntropyIsNllOfLogSoftmax()
    {
        var logits = Tensor.Randn([4, 5], new Generator(1));
        int[] targets = [4, 0, 2, 2];

        var viaNll = Losses.NllLoss(Functional.LogSoftmax(logits, axis: 1), targets).Item();

        Assert.That(Losses.CrossEntropy(logits, targets).Item(), Is.EqualTo(viaNll).Within(1e-6f));
    }

    [Test]
    public void CrossEntropyStaysFiniteForHugeLogits()
    {
        // e^10000 overflows float32 (max ≈ 3.4e38), so a naive softmax gives ∞/∞ = NaN. Shifted by the
        // maximum: log Σ e^z = 10⁴ + log(1 + e⁻¹⁰⁰⁰⁰ + e⁻²⁰⁰⁰⁰) = 10⁴ exactly in float.
        var logits = Tensor.FromArray(new float[,] { { 1e4f, 0, -1e4f }, { 1e4f, 0, -1e4f } }).RequireGrad();

        var loss = Losses.CrossEntropy(logits, [0, 1]);
        loss.Backward();

        // Row 0 picks the largest logit: loss 0. Row 1 picks 0: loss 10⁴. Mean 5000.
        Assert.That(loss.Item(), Is.EqualTo(5000f));
        // dL/dz = (softmax(z) - onehot) / N = ((1,0,0) - onehot) / 2.
        Assert.That(logits.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f, 0.5f, -0.5f, 0f }));
    }

    [Test]
    public void LabelSmoothingMixesTheTrueClassWithTheUniformDistribution()
    {
        // Target distribution q = (1-ε)·onehot + ε/C; L = -Σ q log p. With ε = 0.1, C = 3:
        // Row 0: log p = (-2.407606, -1.407606, -0.407606), true class 2:
        //   0.9 · 0.407606 + 0.1 · (2.407606 + 1.407606 + 0.407606)/3 = 0.366845 + 0.140761 = 0.507606.
        // Row 1: log p = -log 3 everywhere, so L = log 3 = 1.098612 whatever the smoothing.
        // Mean: (0.507606 + 1.098612) / 2 = 0.803109.
        var loss = Losses.CrossEntropy(TwoRowsOfLogits(), [2, 0], labelSmoothing: 0.1f);

        Assert.That(loss.Item(), Is.EqualTo((0.5076059644 + Log3) / 2).Within(1e-6));
    }

    [Test]
    public void NllLossAveragesTheNegatedPickedEntries()
    {
        // It does not apply log-softmax itself: -(-2) and -(-0.5), mean (2 + 0.5)/2 = 1.25.
        var logProbabilities = Tensor.FromArray(new float[,] { { -1, -2 }, { -0.5f, -3 } });

        Assert.That(Losses.NllLoss(logProbabilities, [1, 0]).Item(), Is.EqualTo(1.25f));
    }

    [Test]
    public void MeanSquaredErrorAndItsGradient()
    {
        // Differences (0, 2, -2): mean of squares (0 + 4 + 4)/3 = 8/3; dL/dŷ = 2(ŷ - y)/N = (0, 4/3, -4/3).
        var predictions = Tensor.FromArray(1f, 2f, 3f).RequireGrad();

        var loss = Losses.MeanSquaredError(predictions, Tensor.FromArray(1f, 0f, 5f));
        loss.Backward();

        Assert.That(loss.Item(), Is.EqualTo(8f / 3).Within(1e-6f));
        Assert.That(predictions.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 4f / 3, -4f / 3 }).Within(1e-6f));
    }

    [Test]
    public void BinaryCrossEntropyWithLogitsMatchesTheTextbookFormula()
    {
        // L = -y log σ(z) - (1-y) log(1 - σ(z)):
        //   z = 0,  y = 1:    -log ½ = 0.693147
        //   z = 2,  y = 0:    -log(1 - σ(2)) = 2 + log(1 + e⁻²) = 2.126928
        //   z = -3, y = 0.25: -0.25 log σ(-3) - 0.75 log σ(3) = 0.25 · 3.048587 + 0.75 · 0.048587 = 0.798587
        // Mean: (0.693147 + 2.126928 + 0.798587) / 3 = 1.206221.
        var loss = Losses.BinaryCrossEntropyWithLogits(Tensor.FromArray(0f, 2f, -3f), Tensor.FromArray(1f, 0f, 0.25f));

        Assert.That(loss.Item(), Is.EqualTo((Math.Log(2) + 2 + Math.Log(1 + Math.Exp(-2)) + 0.75 + Math.Log(1 + Math.Exp(-3))) / 3).Within(1e-6));
    }

    [Test]
    public void BinaryCrossEntropyWithLogitsStaysFiniteAtPlusMinus100()
    {
        // Naively σ(100) rounds to 1 in float32, and log(1 - 1) = -∞. The stable form
        // max(z,0) - z·y + log(1 + e^-|z|) gives 0 for a confident right answer and |z| = 100 for a wrong one.
        var logits = Tensor.FromArray(100f, -100f, 100f, -100f).RequireGrad();

        var loss = Losses.BinaryCrossEntropyWithLogits(logits, Tensor.FromArray(1f, 0f, 0f, 1f));
        loss.Backward();

        // (0 + 0 + 100 + 100) / 4 = 50; dL/dz = (σ(z) - y)/N = (0, 0, 1, -1)/4.
        Assert.That(loss.Item(), Is.EqualTo(50f));
        Assert.That(logits.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 0f, 0.25f, -0.25f }).Within(1e-7f));
    }

    [Test]
    public void ATargetOutsideTheClassesIsNamedWithItsPosition()
    {
        Assert.That(() => Losses.CrossEntropy(TwoRowsOfLogits(), [0, 3]),
            Throws.ArgumentException.With.Message.EqualTo("cross_entropy: target 3 at position 1 is not a class index in 0..2"));
        Assert.That(() => Losses.CrossEntropy(TwoRowsOfLogits(), [-1, 0]),
            Throws.ArgumentException.With.Message.EqualTo("cross_entropy: target -1 at position 0 is not a class index in 0..2"));
        Assert.That(() => Losses.NllLoss(Tensor.Zeros(2, 2), [2, 0]),
            Throws.ArgumentException.With.Message.EqualTo("nll_loss: target 2 at position 0 is not a class index in 0..1"));
    }

    [Test]
    public void TheWrongNumberOfTargetsOrScoresWithoutABatchAxisAreRejected()
    {
        Assert.That(() => Losses.CrossEntropy(TwoRowsOfLogits(), [0, 1, 2]),
            Throws.ArgumentException.With.Message.EqualTo("cross_entropy: 3 targets for a batch of 2 (scores (2,3))"));
        Assert.That(() => Losses.NllLoss(Tensor.Zeros(2, 3), [0]),
            Throws.ArgumentException.With.Message.EqualTo("nll_loss: 1 targets for a batch of 2 (scores (2,3))"));
        Assert.That(() => Losses.CrossEntropy(Tensor.Zeros(3), [0]),
            Throws.ArgumentException.With.Message.EqualTo("cross_entropy: expects scores of shape (N, C), got (3)"));
    }

    [Test]
    public void RegressionLossesRefuseToBroadcast()
    {
        // (3) against (3,1) would silently broadcast to (3,3) and average nine wrong differences.
        Assert.That(() => Losses.MeanSquaredError(Tensor.Zeros(3), Tensor.Zeros(3, 1)),
            Throws.ArgumentException.With.Message.EqualTo("mse_loss: predictions (3) and targets (3,1) must have the same shape"));
        Assert.That(() => Losses.BinaryCrossEntropyWithLogits(Tensor.Zeros(2), Tensor.Zeros(3)),
            Throws.ArgumentException.With.Message.EqualTo("binary_cross_entropy_with_logits: predictions (2) and targets (3) must have the same shape"));
    }

    // The engine formats the number in the current culture: pin one, so that -0.1 is not written -0,1.
    [SetCulture("")]
    [TestCase(-0.1f, "-0.1")]
    [TestCase(1f, "1")]
    [TestCase(float.NaN, "NaN")]
    public void LabelSmoothingOutsideZeroToOneIsRejected(float labelSmoothing, string shown) =>
        Assert.That(() => Losses.CrossEntropy(TwoRowsOfLogits(), [0, 1], labelSmoothing),
            Throws.ArgumentException.With.Message.EqualTo($"cross_entropy: label smoothing must be in [0, 1), got {shown}"));
}

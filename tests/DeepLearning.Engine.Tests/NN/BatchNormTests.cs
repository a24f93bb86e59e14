using DeepLearning.NN;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// Batch normalisation's two modes: in training it normalises by the batch's own statistics and moves its
/// running estimates towards them (momentum 0.1, unbiased variance, as PyTorch); in evaluation it uses the
/// running estimates, so one example's output no longer depends on the rest of the batch.
/// </summary>
public class BatchNormTests
{
    /// <summary>The mean and biased variance of column <paramref name="feature"/> of an (N, F) matrix.</summary>
    private static (double Mean, double Variance) ColumnStatistics(Tensor matrix, int feature)
    {
        var column = Enumerable.Range(0, matrix.Size(0)).Select(row => (double)matrix[row, feature]).ToArray();
        var mean = column.Average();
        return (mean, column.Average(value => (value - mean) * (value - mean)));
    }

    [Test]
    public void TrainingModeNormalisesEachFeatureByTheBatchStatistics()
    {
        // Features with very different scales and offsets all come out with mean 0 and variance 1 (γ=1, β=0).
        var input = Tensor.Randn([16, 3], new Generator(1)) * Tensor.FromArray(1f, 10f, 0.1f) + Tensor.FromArray(5f, -20f, 0.3f);

        var output = new BatchNorm1d(3).Forward(input);

        for (var feature = 0; feature < 3; feature++)
        {
            var (mean, variance) = ColumnStatistics(output, feature);
            Assert.That(mean, Is.EqualTo(0).Within(1e-5), $"mean of feature {feature}");
            // Not exactly 1: the ε = 1e-5 under the square root shrinks it to σ²/(σ² + ε), which is
            // visibly below 1 for feature 2 (σ² ≈ 0.01, so about 0.999).
            var inputVariance = ColumnStatistics(input, feature).Variance;
            Assert.That(variance, Is.EqualTo(inputVariance / (inputVariance + 1e-5)).Within(1e-5), $"variance of feature {feature}");
            Assert.That(variance, Is.EqualTo(1).Within(2e-3), $"variance of feature {feature}");
        }
    }

    [Test]
    public void BatchNorm2dNormalisesEachChannelOverBatchHeightAndWidth()
    {
        var input = Tensor.Randn([4, 2, 3, 5], new Generator(2)) * 3f + 7f;

        var output = new BatchNorm2d(2).Forward(input);

        // Channel c: the (N·H·W) values output[:, c, :, :], gathered by moving the channel axis first.
        var perChannel = output.Transpose(0, 1).Reshape(2, -1);
        for (var channel = 0; channel < 2; channel++)
        {
            var values = perChannel.Slice(0, channel, channel + 1).ToArray().Select(v => (double)v).ToArray();
            var mean = values.Average();
            Assert.That(mean, Is.EqualTo(0).Within(1e-5));
            Assert.That(values.Average(v => (v - mean) * (v - mean)), Is.EqualTo(1).Within(1e-3));
        }
    }

    [Test]
    public void RunningStatisticsMoveByMomentumTowardsTheBatchMeanAndUnbiasedVariance()
    {
        // Feature 0 holds 1, 3, 5: mean 3, squared deviations 4 + 0 + 4 = 8,
        //   biased variance 8/3 (used to normalise), unbiased 8/(3-1) = 4 (used for the running estimate).
        // Feature 1 holds 2, 6, 10: mean 6, deviations 16 + 0 + 16 = 32, unbiased 32/2 = 16.
        var batch = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 6 }, { 5, 10 } });
        var norm = new BatchNorm1d(2);

        norm.Forward(batch);

        // running ← 0.9 · running + 0.1 · batch statistic, from mean 0 and variance 1:
        //   mean:     0.9·0 + 0.1·3 = 0.3         0.9·0 + 0.1·6  = 0.6
        //   variance: 0.9·1 + 0.1·4 = 1.3         0.9·1 + 0.1·16 = 2.5
        Assert.That(norm.RunningMean.ToArray(), Is.EqualTo(new[] { 0.3f, 0.6f }).Within(1e-6f));
        Assert.That(norm.RunningVariance.ToArray(), Is.EqualTo(new[] { 1.3f, 2.5f }).Within(1e-6f));

        norm.Forward(batch);

        // Again: mean 0.9·0.3 + 0.3 = 0.57, 0.9·0.6 + 0.6 = 1.14; variance 0.9·1.3 + 0.4 = 1.57, 0.9·2.5 + 1.6 = 3.85.
        Assert.That(norm.RunningMean.ToArray(), Is.EqualTo(new[] { 0.57f, 1.14f }).Within(1e-6f));
        Assert.That(norm.RunningVariance.ToArray(), Is.EqualTo(new[] { 1.57f, 3.85f }).Within(1e-5f));
    }

    [Test]
    public void BatchNorm2dCountsEveryPixelOfTheChannelForTheUnbiasedVariance()
    {
        // One channel, N·H·W = 2·1·2 = 4 values 0, 2, 4, 6: mean 3, deviations 9 + 1 + 1 + 9 = 20,
        // unbiased variance 20/(4-1) = 6.667. Running: mean 0.1·3 = 0.3, variance 0.9 + 0.1·6.667 = 1.5667.
        var norm = new BatchNorm2d(1);

        norm.Forward(Tensor.FromArray([0f, 2f, 4f, 6f], 2, 1, 1, 2));

        Assert.That(norm.RunningMean.Item(), Is.EqualTo(0.3f).Within(1e-6f));
        Assert.That(norm.RunningVariance.Item(), Is.EqualTo(0.9f + 0.1f * 20f / 3f).Within(1e-6f));
    }

    [Test]
    public void EvaluationModeUsesTheRunningStatisticsAndLeavesThemAlone()
    {
        var norm = new BatchNorm1d(2);
        norm.RunningMean.CopyFrom(Tensor.FromArray(1f, -2f));
        norm.RunningVariance.CopyFrom(Tensor.FromArray(4f, 0.25f));
        norm.Eval();

        var output = norm.Forward(Tensor.FromArray(new float[,] { { 3, -1 }, { 1, -2 } }));

        // (x - running mean) / √(running variance + ε): (3-1)/2 = 1, (-1+2)/0.5 = 2; the second row is the mean, 0.
        Assert.That(output.ToArray(), Is.EqualTo(new[] { 1f, 2f, 0f, 0f }).Within(1e-4f));
        Assert.That(norm.RunningMean.ToArray(), Is.EqualTo(new[] { 1f, -2f }));
        Assert.That(norm.RunningVariance.ToArray(), Is.EqualTo(new[] { 4f, 0.25f }));
    }

    [Test]
    public void InEvaluationOneExamplesOutputDoesNotDependOnTheRestOfTheBatch()
    {
        var norm = new BatchNorm2d(3);
        norm.Forward(Tensor.Randn([8, 3, 4, 4], new Generator(3)) * 2f + 1f); // some running statistics
        var first = Tensor.Randn([1, 3, 4, 4], new Generator(4));
        var others = Tensor.Randn([5, 3, 4, 4], new Generator(5)) * 10f;

        norm.Eval();
        var alone = norm.Forward(first);
        var inABatch = norm.Forward(Tensor.Concat([first, others])).Slice(0, 0, 1);

        Assert.That(inABatch.ToArray(), Is.EqualTo(alone.ToArray()));

        // In training the same example's output does depend on its batch: that is what eval mode removes.
        norm.Train();
        Assert.That(norm.Forward(Tensor.Concat([first, others])).Slice(0, 0, 1).ToArray(),
            Is.Not.EqualTo(norm.Forward(Tensor.Concat([first, others * 0.5f])).Slice(0, 0, 1).ToArray()));
    }

    [Test]
    public void TrainAndEvalReachEveryNestedModule()
    {
        var generator = new Generator(6);
        var inner = new Sequential(new BatchNorm1d(4), new Dropout(0.5f, generator));
        var model = new Sequential(new Linear(3, 4, generator), inner, new Linear(4, 2, generator));
        Module[] everyModule = [model, model.Layers[0], inner, inner.Layers[0], inner.Layers[1], model.Layers[2]];

        model.Eval();
        Assert.That(everyModule.Select(module => module.IsTraining), Is.All.False);

        model.Train();
        Assert.That(everyModule.Select(module => module.IsTraining), Is.All.True);
    }

    [Test]
    public void ShapeErrorsNameTheLayerTheExpectedAndTheActualShape()
    {
        Assert.That(() => new BatchNorm1d(3).Forward(Tensor.Zeros(2, 4)),
            Throws.ArgumentException.With.Message.EqualTo("BatchNorm1d(3): expects input of shape (N, 3), got (2,4)"));
        Assert.That(() => new BatchNorm1d(3).Forward(Tensor.Zeros(2, 3, 5)),
            Throws.ArgumentException.With.Message.EqualTo("BatchNorm1d(3): expects input of shape (N, 3), got (2,3,5)"));
        Assert.That(() => new BatchNorm2d(3).Forward(Tensor.Zeros(2, 3, 4)),
            Throws.ArgumentException.With.Message.EqualTo("BatchNorm2d(3): expects input of shape (N, 3, H, W), got (2,3,4)"));
        Assert.That(() => new BatchNorm2d(3).Forward(Tensor.Zeros(2, 1, 4, 4)),
            Throws.ArgumentException.With.Message.EqualTo("BatchNorm2d(3): expects input of shape (N, 3, H, W), got (2,1,4,4)"));
    }
}

namespace DeepLearning.NN;

/// <summary>
/// Batch normalisation: each feature (channel) is normalised by statistics over the batch (and the spatial
/// positions), then scaled and shifted by learned γ and β:
/// y = γ · (x - μ) / √(σ² + ε) + β.
/// In training μ and σ² come from the batch (σ² biased), and running estimates are updated:
/// running ← (1 - momentum)·running + momentum·batch statistic (the variance unbiased, ×n/(n-1)).
/// In evaluation the running estimates are used, so the output of one example does not depend on the others.
/// </summary>
/// <remarks>Taught in chapter 5, section 5.5 (notebooks/05-optimisation-and-regularisation.ipynb), task 5.4.</remarks>
public abstract class BatchNorm : Module
{
    protected BatchNorm(int features, float epsilon, float momentum)
    {
        Features = features;
        Epsilon = epsilon;
        Momentum = momentum;
        Weight = RegisterParameter("weight", Tensor.Ones(features));
        Bias = RegisterParameter("bias", Tensor.Zeros(features));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(features));
        RunningVariance = RegisterBuffer("running_var", Tensor.Ones(features));
    }

    public int Features { get; }

    public float Epsilon { get; }

    public float Momentum { get; }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public Tensor RunningMean { get; }

    public Tensor RunningVariance { get; }

    /// <summary>The input rank this layer takes (2 for BatchNorm1d, 4 for BatchNorm2d).</summary>
    protected abstract int InputRank { get; }

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != InputRank || input.Size(1) != Features)
        {
            var expected = InputRank == 2 ? $"(N, {Features})" : $"(N, {Features}, H, W)";
            throw new ArgumentException($"{GetType().Name}({Features}): expects input of shape {expected}, got {input.ShapeText}");
        }
        // Statistics over every axis but the feature axis 1; the shape (1, F, 1, ...) broadcasts back.
        int[] axes = InputRank == 2 ? [0] : [0, 2, 3];
        var statisticShape = InputRank == 2 ? new[] { 1, Features } : [1, Features, 1, 1];
        Tensor mean, variance;
        if (IsTraining)
        {
            mean = input.Mean(axes, keepDims: true);
            variance = (input - mean).Pow(2).Mean(axes, keepDims: true);
            UpdateRunningStatistics(mean, variance, count: input.ElementCount / Features);
        }
        else
        {
            mean = RunningMean.Reshape(statisticShape);
            variance = RunningVariance.Reshape(statisticShape);
        }
        var normalized = (input - mean) / (variance + Epsilon).Sqrt();
        return normalized * Weight.Reshape(statisticShape) + Bias.Reshape(statisticShape);
    }

    private void UpdateRunningStatistics(Tensor mean, Tensor variance, int count)
    {
        using var _ = Autograd.NoGrad();
        var unbiased = count > 1 ? variance * ((float)count / (count - 1)) : variance;
        RunningMean.AddInPlace(RunningMean, -Momentum);
        RunningMean.AddInPlace(mean.Reshape(Features), Momentum);
        RunningVariance.AddInPlace(RunningVariance, -Momentum);
        RunningVariance.AddInPlace(unbiased.Reshape(Features), Momentum);
    }

    public override string ToString() => $"{GetType().Name}({Features})";
}

/// <summary>Batch normalisation of (N, F) features.</summary>
public sealed class BatchNorm1d(int features, float epsilon = 1e-5f, float momentum = 0.1f) : BatchNorm(features, epsilon, momentum)
{
    protected override int InputRank => 2;
}

/// <summary>Batch normalisation of (N, C, H, W) images, per channel.</summary>
public sealed class BatchNorm2d(int channels, float epsilon = 1e-5f, float momentum = 0.1f) : BatchNorm(channels, epsilon, momentum)
{
    protected override int InputRank => 4;
}

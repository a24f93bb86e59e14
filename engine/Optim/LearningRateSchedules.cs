namespace DeepLearning.Optim;

/// <summary>A learning rate as a function of the step (or epoch) number, applied to an optimizer.</summary>
/// <remarks>Taught in chapter 5, section 5.3 (notebooks/05-optimisation-and-regularisation.ipynb).</remarks>
public abstract class LearningRateSchedule(float baseLearningRate)
{
    public float BaseLearningRate { get; } = baseLearningRate;

    /// <summary>The learning rate at step <paramref name="step"/> (0-based).</summary>
    public abstract float At(int step);

    /// <summary>Sets the optimizer's learning rate for step <paramref name="step"/>.</summary>
    public void Apply(Optimizer optimizer, int step) => optimizer.LearningRate = At(step);
}

/// <summary>η_t = η₀ · γ^⌊t / stepSize⌋: multiply by γ every <c>stepSize</c> steps (<c>StepLR</c>).</summary>
public sealed class StepSchedule(float baseLearningRate, int stepSize, float gamma = 0.1f) : LearningRateSchedule(baseLearningRate)
{
    public override float At(int step) => BaseLearningRate * MathF.Pow(gamma, step / stepSize);
}

/// <summary>
/// Linear warm-up from 0 to η₀ over the first W steps, then a cosine decay to η_min at step T:
/// η_t = η₀ (t+1)/W for t &lt; W, else η_min + ½(η₀ - η_min)(1 + cos(π (t - W)/(T - W))).
/// </summary>
public sealed class CosineWithWarmupSchedule(float baseLearningRate, int warmupSteps, int totalSteps, float minimumLearningRate = 0)
    : LearningRateSchedule(baseLearningRate)
{
    public override float At(int step)
    {
        if (step < warmupSteps)
        {
            return BaseLearningRate * (step + 1) / warmupSteps;
        }
        var progress = Math.Min(1f, (float)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps));
        return minimumLearningRate + 0.5f * (BaseLearningRate - minimumLearningRate) * (1 + MathF.Cos(MathF.PI * progress));
    }
}

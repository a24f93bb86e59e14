namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 5's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class OptimizationMistakes
{
    [Mistake("5.1", "moves θ by η·g, not by η·v", mustName: "moves by η·v")]
    public static void StepsWithTheGradient(float[] parameters, float[] gradients, float[] velocity, float learningRate, float momentum)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            velocity[i] = momentum * velocity[i] + gradients[i];
            parameters[i] -= learningRate * gradients[i];
        }
    }

    [Mistake("5.1", "replaces the arrays instead of updating them in place", mustName: "in place")]
    public static void NotInPlace(float[] parameters, float[] gradients, float[] velocity, float learningRate, float momentum)
    {
        velocity = [.. velocity.Select((v, i) => momentum * v + gradients[i])];
        parameters = [.. parameters.Select((p, i) => p - learningRate * velocity[i])];
    }

    [Mistake("5.1", "folds η into v", mustName: "η is folded into v")]
    public static void LearningRateInVelocity(float[] parameters, float[] gradients, float[] velocity, float learningRate, float momentum)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            velocity[i] = momentum * velocity[i] + learningRate * gradients[i];
            parameters[i] -= velocity[i];
        }
    }

    [Mistake("5.2", "no bias correction", mustName: "bias correction is missing")]
    public static void NoBiasCorrection(float[] parameters, float[] gradients, float[] firstMoment, float[] secondMoment, int step, float learningRate, float beta1, float beta2, float epsilon) =>
        Adam(parameters, gradients, firstMoment, secondMoment, correctionStep: null, learningRate, beta1, beta2, epsilon);

    [Mistake("5.2", "counts steps from 0 in the correction: 1 - β⁰ = 0", mustName: "division by zero")]
    public static void StepFromZero(float[] parameters, float[] gradients, float[] firstMoment, float[] secondMoment, int step, float learningRate, float beta1, float beta2, float epsilon) =>
        Adam(parameters, gradients, firstMoment, secondMoment, correctionStep: step - 1, learningRate, beta1, beta2, epsilon);

    [Mistake("5.3", "keeps elements with probability p", mustName: "probability of dropping")]
    public static float[] KeepsWithProbabilityP(int count, float probability, Generator generator) =>
        [.. Enumerable.Range(0, count).Select(_ => generator.NextFloat() < probability ? 1 / (1 - probability) : 0)];

    [Mistake("5.3", "does not rescale the kept elements", mustName: "not rescaled")]
    public static float[] NotRescaled(int count, float probability, Generator generator) =>
        [.. Enumerable.Range(0, count).Select(_ => generator.NextFloat() < probability ? 0f : 1f)];

    [Mistake("5.3", "drops an element when its draw is at least 1 - p: a fraction p dropped, but not the elements the text's rule drops", mustName: "drop it when the draw is below p")]
    public static float[] DropsAboveOneMinusP(int count, float probability, Generator generator) =>
        [.. Enumerable.Range(0, count).Select(_ => generator.NextFloat() >= 1 - probability ? 0 : 1 / (1 - probability))];

    [Mistake("5.4", "the unbiased variance, divided by N - 1", mustName: "unbiased")]
    public static Tensor UnbiasedVariance(Tensor input, Tensor gamma, Tensor beta, float epsilon)
    {
        var mean = input.Mean(0, keepDims: true);
        var variance = (input - mean).Pow(2).Sum(0, keepDims: true) / (input.Size(0) - 1);
        return gamma * (input - mean) / (variance + epsilon).Sqrt() + beta;
    }

    [Mistake("5.4", "normalises each row over its features (axis 1), as layer norm does, instead of each feature over the batch", mustName: "over the batch, axis 0")]
    public static Tensor OverTheFeatures(Tensor input, Tensor gamma, Tensor beta, float epsilon)
    {
        var mean = input.Mean(1, keepDims: true);
        var variance = (input - mean).Pow(2).Mean(1, keepDims: true);
        return gamma * (input - mean) / (variance + epsilon).Sqrt() + beta;
    }

    [Mistake("5.4", "returns x̂ without γ and β", mustName: "γ and β are not applied")]
    public static Tensor NoAffine(Tensor input, Tensor gamma, Tensor beta, float epsilon)
    {
        var mean = input.Mean(0, keepDims: true);
        var variance = (input - mean).Pow(2).Mean(0, keepDims: true);
        return (input - mean) / (variance + epsilon).Sqrt();
    }

    [Mistake("5.5", "treats μ and σ as constants: x̄ = γ·ȳ/σ", mustName: "treats μ and σ as constants")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) StatisticsAsConstants(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var (normalised, deviation) = Normalise(input, epsilon);
        return (gamma * outputGrad / deviation, (outputGrad * normalised).Sum(0), outputGrad.Sum(0));
    }

    [Mistake("5.5", "leaves out the path through the variance, the term -x̂·Σₙ ȳ·x̂", mustName: "path through the variance")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) NoVariancePath(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var (normalised, deviation) = Normalise(input, epsilon);
        var rows = input.Size(0);
        var gradInput = gamma / (rows * deviation) * (rows * outputGrad - outputGrad.Sum(0, keepDims: true));
        return (gradInput, (outputGrad * normalised).Sum(0), outputGrad.Sum(0));
    }

    [Mistake("5.5", "γ̄ sums ȳ·x instead of ȳ·x̂", mustName: "the raw input")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) GammaGradientFromRawInput(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var (normalised, deviation) = Normalise(input, epsilon);
        var rows = input.Size(0);
        var gradInput = gamma / (rows * deviation) * (rows * outputGrad - outputGrad.Sum(0, keepDims: true) - normalised * (outputGrad * normalised).Sum(0, keepDims: true));
        return (gradInput, (outputGrad * input).Sum(0), outputGrad.Sum(0));
    }

    private static (Tensor Normalised, Tensor Deviation) Normalise(Tensor input, float epsilon)
    {
        var centred = input - input.Mean(0, keepDims: true);
        var deviation = (centred.Pow(2).Mean(0, keepDims: true) + epsilon).Sqrt();
        return (centred / deviation, deviation);
    }

    private static void Adam(float[] parameters, float[] gradients, float[] firstMoment, float[] secondMoment, int? correctionStep, float learningRate, float beta1, float beta2, float epsilon)
    {
        var correction1 = correctionStep is { } t ? 1 - MathF.Pow(beta1, t) : 1;
        var correction2 = correctionStep is { } u ? 1 - MathF.Pow(beta2, u) : 1;
        for (var i = 0; i < parameters.Length; i++)
        {
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * gradients[i];
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * gradients[i] * gradients[i];
            parameters[i] -= learningRate * (firstMoment[i] / correction1) / (MathF.Sqrt(secondMoment[i] / correction2) + epsilon);
        }
    }
}

namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 5: optimisers update parameters in place from their gradients and their own state; dropout and
/// batch normalisation regularise and steady training.
/// </summary>
public static class Optimization
{
    // Task 5.1: a step of SGD with momentum
    // Write it yourself; not allowed here: Optimizer, Sgd
    /// <summary>
    /// For every i: v ← μ·v + g;  θ ← θ - η·v (torch.optim.SGD's form). Updates <paramref name="parameters"/> and
    /// <paramref name="velocity"/> in place.
    /// </summary>
    public static void SgdMomentumStep(float[] parameters, float[] gradients, float[] velocity, float learningRate, float momentum)
    {
        // BEGIN SOLUTION
        for (var i = 0; i < parameters.Length; i++)
        {
            velocity[i] = momentum * velocity[i] + gradients[i];
            parameters[i] -= learningRate * velocity[i];
        }
        // END SOLUTION
    }

    // Task 5.2: a step of Adam
    // Write it yourself; not allowed here: Optimizer, Adam, AdamW
    /// <summary>
    /// Step number <paramref name="step"/> (1 for the first) of Adam, in place, for every i:
    /// m ← β₁m + (1-β₁)g;  s ← β₂s + (1-β₂)g²;  m̂ = m/(1-β₁ᵗ);  ŝ = s/(1-β₂ᵗ);  θ ← θ - η·m̂/(√ŝ + ε).
    /// </summary>
    public static void AdamStep(float[] parameters, float[] gradients, float[] firstMoment, float[] secondMoment, int step,
        float learningRate, float beta1, float beta2, float epsilon)
    {
        // BEGIN SOLUTION
        var correction1 = 1 - MathF.Pow(beta1, step);
        var correction2 = 1 - MathF.Pow(beta2, step);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g;
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g;
            var mHat = firstMoment[i] / correction1;
            var vHat = secondMoment[i] / correction2;
            parameters[i] -= learningRate * mHat / (MathF.Sqrt(vHat) + epsilon);
        }
        // END SOLUTION
    }

    // Task 5.3: an inverted-dropout mask
    // Write it yourself; not allowed here: Dropout
    /// <summary>
    /// <paramref name="count"/> multipliers, each 0 with probability p and 1/(1-p) otherwise, so that the expected
    /// value of a masked element is unchanged. Draw one <see cref="Generator.NextFloat"/> per element, in order, and
    /// drop the element when the draw is below p.
    /// </summary>
    public static float[] InvertedDropoutMask(int count, float probability, Generator generator)
    {
        // BEGIN SOLUTION
        var keep = 1 - probability;
        var mask = new float[count];
        for (var i = 0; i < count; i++)
        {
            mask[i] = generator.NextFloat() < probability ? 0 : 1 / keep;
        }
        return mask;
        // END SOLUTION
    }

    // Task 5.4: batch normalisation in training mode
    // Write it yourself; not allowed here: BatchNorm, BatchNorm1d, BatchNorm2d
    /// <summary>
    /// For x (N, F): per feature, μ and σ² (biased: divide by N) over the batch, then
    /// y = γ·(x - μ)/√(σ² + ε) + β with γ, β of shape (F).
    /// </summary>
    public static Tensor BatchNormForward(Tensor input, Tensor gamma, Tensor beta, float epsilon)
    {
        // BEGIN SOLUTION
        var mean = input.Mean(0, keepDims: true);
        var variance = (input - mean).Pow(2).Mean(0, keepDims: true);
        return gamma * (input - mean) / (variance + epsilon).Sqrt() + beta;
        // END SOLUTION
    }

    // Task 5.5: the backward of batch normalisation, by hand
    // Write it yourself; not allowed here: Tensor.Backward, BatchNorm1d
    /// <summary>
    /// The backward of <see cref="BatchNormForward"/> in training mode, for x (N, F) and the upstream gradient
    /// ȳ = dL/dy (N, F): with x̂ = (x - μ)/σ and σ = √(σ² + ε) per feature, β̄ = Σₙ ȳ, γ̄ = Σₙ ȳ·x̂ (both (F)) and
    /// x̄ = γ/(N·σ) · (N·ȳ - Σₙ ȳ - x̂·Σₙ ȳ·x̂), each sum over the batch (axis 0, keepDims for x̄).
    /// </summary>
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) BatchNormBackward(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        // BEGIN SOLUTION
        var rows = input.Size(0);
        var centred = input - input.Mean(0, keepDims: true);
        var deviation = (centred.Pow(2).Mean(0, keepDims: true) + epsilon).Sqrt();
        var normalised = centred / deviation;
        var gradSum = outputGrad.Sum(0, keepDims: true);
        var gradDotNormalised = (outputGrad * normalised).Sum(0, keepDims: true);
        var gradInput = gamma / (rows * deviation) * (rows * outputGrad - gradSum - normalised * gradDotNormalised);
        return (gradInput, gradDotNormalised.Reshape(input.Size(1)), gradSum.Reshape(input.Size(1)));
        // END SOLUTION
    }

    // Question 5.a: two steps of SGD with momentum
    /// <summary>Your answer to quick question 5.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question5A()
    {
        // BEGIN SOLUTION
        return 71;
        // END SOLUTION
    }

    // Question 5.b: Adam's first step on a huge gradient
    /// <summary>Your answer to quick question 5.b in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question5B()
    {
        // BEGIN SOLUTION
        return 'C';
        // END SOLUTION
    }

    // Question 5.c: the mean after inverted dropout
    /// <summary>Your answer to quick question 5.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question5C()
    {
        // BEGIN SOLUTION
        return 'D';
        // END SOLUTION
    }
}

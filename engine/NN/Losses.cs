namespace DeepLearning.NN;

/// <summary>
/// Loss functions: each returns the mean over the batch as a one-element tensor, ready for Backward.
/// </summary>
/// <remarks>
/// Taught in chapter 3, section 3.4 (notebooks/03-backpropagation-through-tensors.ipynb): cross-entropy. Mean squared error
/// is section 1.7 (notebooks/01-derivatives-and-autograd.ipynb), on Value; binary cross-entropy is not derived in the course.
/// </remarks>
public static class Losses
{
    /// <summary>
    /// Cross-entropy from raw scores: L = mean_n [ -log softmax(z_n)[y_n] ]. With label smoothing ε the target
    /// puts 1-ε on the true class and ε spread evenly over all C classes:
    /// L = (1-ε)·NLL + ε·mean_n [ -(1/C) Σ_c log softmax(z_n)_c ].
    /// </summary>
    /// <param name="logits">Scores of shape (N, C).</param>
    /// <param name="targets">N class indices in 0..C-1.</param>
    /// <param name="labelSmoothing">ε in [0, 1).</param>
    public static Tensor CrossEntropy(Tensor logits, int[] targets, float labelSmoothing = 0)
    {
        CheckClassification("cross_entropy", logits, targets);
        // Written so that NaN, which fails every comparison, is rejected too.
        if (!(labelSmoothing >= 0 && labelSmoothing < 1))
        {
            throw new ArgumentException($"cross_entropy: label smoothing must be in [0, 1), got {labelSmoothing}");
        }
        var logProbabilities = Functional.LogSoftmax(logits, axis: 1);
        var nll = NllLoss(logProbabilities, targets);
        return labelSmoothing == 0 ? nll : (1 - labelSmoothing) * nll - labelSmoothing * logProbabilities.Mean();
    }

    /// <summary>Negative log-likelihood: L = mean_n [ -logp[n, y_n] ] for log-probabilities of shape (N, C).</summary>
    public static Tensor NllLoss(Tensor logProbabilities, int[] targets)
    {
        CheckClassification("nll_loss", logProbabilities, targets);
        return -logProbabilities.Gather(1, targets).Mean();
    }

    /// <summary>Mean squared error: L = mean (ŷ - y)²; the shapes must match.</summary>
    public static Tensor MeanSquaredError(Tensor predictions, Tensor targets)
    {
        CheckSameShape("mse_loss", predictions, targets);
        return (predictions - targets).Pow(2).Mean();
    }

    /// <summary>
    /// Binary cross-entropy on raw scores z with targets y in [0, 1]:
    /// L = mean [ -y log σ(z) - (1-y) log(1-σ(z)) ] = mean [ softplus(z) - z·y ], since -log σ(z) = softplus(-z)
    /// and softplus(-z) = softplus(z) - z. softplus is computed stably as max(z, 0) + log(1 + e^(-|z|)), and its
    /// derivative is σ(z), so dL/dz = (σ(z) - y)/n everywhere, z = 0 included (a zero-initialised last layer).
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        CheckSameShape("binary_cross_entropy_with_logits", logits, targets);
        return (logits.Softplus() - logits * targets).Mean();
    }

    private static void CheckClassification(string op, Tensor scores, int[] targets)
    {
        if (scores.Rank != 2)
        {
            throw new ArgumentException($"{op}: expects scores of shape (N, C), got {scores.ShapeText}");
        }
        if (targets.Length != scores.Size(0))
        {
            throw new ArgumentException($"{op}: {targets.Length} targets for a batch of {scores.Size(0)} (scores {scores.ShapeText})");
        }
        var classes = scores.Size(1);
        for (var n = 0; n < targets.Length; n++)
        {
            if (targets[n] < 0 || targets[n] >= classes)
            {
                throw new ArgumentException($"{op}: target {targets[n]} at position {n} is not a class index in 0..{classes - 1}");
            }
        }
    }

    private static void CheckSameShape(string op, Tensor predictions, Tensor targets)
    {
        if (!predictions.ShapeSpan.SequenceEqual(targets.ShapeSpan))
        {
            throw new ArgumentException($"{op}: predictions {predictions.ShapeText} and targets {targets.ShapeText} must have the same shape");
        }
    }
}

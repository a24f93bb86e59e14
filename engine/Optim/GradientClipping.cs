namespace DeepLearning.Optim;

/// <remarks>
/// Used by chapter 7, section 7.5 (notebooks/07-sequences-and-attention.ipynb), to train the transformer; not taught
/// in the course.
/// </remarks>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so their global L2 norm ‖g‖ = √(Σ g²) is at most
    /// <paramref name="maxNorm"/> (by maxNorm / (‖g‖ + 10⁻⁶) when it is larger), as
    /// <c>torch.nn.utils.clip_grad_norm_</c>. Returns the norm before clipping.
    /// </summary>
    public static float ClipGradNorm(IEnumerable<Tensor> parameters, float maxNorm)
    {
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToArray();
        double sumOfSquares = 0;
        foreach (var grad in grads)
        {
            if (!grad.Device.IsCpu)
            {
                // On an accelerator: summed there, one value comes back.
                using var _ = Autograd.NoGrad();
                sumOfSquares += (grad * grad).Sum().Item();
                continue;
            }
            foreach (var g in grad.AsSpan())
            {
                sumOfSquares += (double)g * g;
            }
        }
        var norm = (float)Math.Sqrt(sumOfSquares);
        var scale = maxNorm / (norm + 1e-6f);
        if (scale < 1)
        {
            foreach (var grad in grads)
            {
                if (!grad.Device.IsCpu)
                {
                    grad.ScaleInPlace(scale);
                    continue;
                }
                foreach (ref var g in grad.AsSpan())
                {
                    g *= scale;
                }
            }
        }
        return norm;
    }
}

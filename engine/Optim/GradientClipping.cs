namespace DeepLearning.Optim;

/// <remarks>
/// Taught in chapter 7, section 7.3 (notebooks/07-recurrent-networks.ipynb), where task 7.3 writes it on arrays and
/// the recurrent networks train with it; chapter 8, section 8.5, trains the transformer with it.
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
        using var _ = Autograd.NoGrad();
        // Each gradient's Σ g² is summed where it lives; one value a gradient comes back to the host.
        var sumOfSquares = grads.Sum(grad => (double)(grad * grad).Sum().Item());
        var norm = (float)Math.Sqrt(sumOfSquares);
        var scale = maxNorm / (norm + 1e-6f);
        if (scale < 1)
        {
            foreach (var grad in grads)
            {
                grad.ScaleInPlace(scale);
            }
        }
        return norm;
    }
}

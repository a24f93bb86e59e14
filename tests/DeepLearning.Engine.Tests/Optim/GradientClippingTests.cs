using DeepLearning.Optim;

namespace DeepLearning.Tests.OptimTests;

/// <summary>
/// Clipping by the global norm: all gradients together are treated as one vector, scaled down as a whole
/// when its length exceeds the limit (so its direction is kept), and the length before clipping is returned.
/// </summary>
public class GradientClippingTests
{
    /// <summary>Gradients (3, 4) and (12): ‖g‖ = √(9 + 16 + 144) = √169 = 13. A third parameter has none.</summary>
    private static Tensor[] ParametersWithGradients()
    {
        var first = Tensor.Zeros(2).RequireGrad();
        var second = Tensor.Zeros(1).RequireGrad();
        first.Grad = Tensor.FromArray(3f, 4f);
        second.Grad = Tensor.FromArray(12f);
        return [first, second, Tensor.Zeros(3).RequireGrad()];
    }

    [Test]
    public void ALongGradientIsScaledDownToTheLimitAndItsLengthReturned()
    {
        var parameters = ParametersWithGradients();

        var norm = GradientClipping.ClipGradNorm(parameters, maxNorm: 6.5f);

        // Scale 6.5/13 = 0.5 for every gradient alike (not each clipped on its own).
        Assert.That(norm, Is.EqualTo(13f).Within(1e-5f));
        Assert.That(parameters[0].Grad!.ToArray(), Is.EqualTo(new[] { 1.5f, 2f }).Within(1e-5f));
        Assert.That(parameters[1].Grad!.ToArray(), Is.EqualTo(new[] { 6f }).Within(1e-5f));
        Assert.That(parameters[2].Grad, Is.Null);
    }

    [Test]
    public void AShortGradientIsLeftAsItIs()
    {
        var parameters = ParametersWithGradients();

        var norm = GradientClipping.ClipGradNorm(parameters, maxNorm: 20f);

        Assert.That(norm, Is.EqualTo(13f).Within(1e-5f));
        Assert.That(parameters[0].Grad!.ToArray(), Is.EqualTo(new[] { 3f, 4f }));
        Assert.That(parameters[1].Grad!.ToArray(), Is.EqualTo(new[] { 12f }));
    }

    [Test]
    public void NoGradientsAtAllHaveNormZero() =>
        Assert.That(GradientClipping.ClipGradNorm([Tensor.Zeros(2).RequireGrad()], maxNorm: 1f), Is.Zero);
}

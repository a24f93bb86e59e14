using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.AutogradTests;

/// <summary>
/// Backward through chains of 100,000 ops: the walk over the graph is iterative, so depth costs time, never the
/// stack. On the CPU backends only: the point is the autograd, not the loops, and on ILGPU's CPU accelerator each
/// op is a kernel launch of a few milliseconds, which would make each chain take minutes.
/// </summary>
[OnCpuBackends]
public class DeepChainBackwardTests(IBackend backend) : BackendFixture(backend)
{
    [Test]
    public void AChainOfOneHundredThousandAdditionsBackpropagatesWithoutStackOverflow()
    {
        // A recursive walk would overflow the stack, which in .NET ends the whole test process.
        const int depth = 100_000;
        var x = Tensor.FromArray(1f).RequireGrad();
        var y = x;
        for (var i = 0; i < depth; i++)
        {
            y += 1f;
        }
        y.Sum().Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.Item(), Is.EqualTo(depth + 1f));
            Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 1f }));
        }
    }

    [Test]
    public void AChainOfOneHundredThousandMultiplicationsHasTheProductAsGradient()
    {
        const int depth = 100_000;
        const float factor = 1.00001f;
        var x = Tensor.FromArray(1f).RequireGrad();
        var y = x;
        for (var i = 0; i < depth; i++)
        {
            y *= factor;
        }
        y.Backward();
        // dy/dx = factor^depth; each float32 step rounds, so allow a relative error far above 2^-24 * depth.
        var expected = Math.Pow(factor, depth);
        Assert.That(x.Grad!.Item(), Is.EqualTo(expected).Within(0.5).Percent);
    }
}

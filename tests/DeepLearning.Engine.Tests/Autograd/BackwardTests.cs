using DeepLearning.Backends;
using DeepLearning.Tests.Support;

// Not "DeepLearning.Tests.Autograd": a namespace of that name would hide the Autograd class from every test.
namespace DeepLearning.Tests.AutogradTests;

/// <summary>
/// Tensor.Backward: the order of the walk, accumulation where a tensor is read more than once, undoing
/// broadcasting, the retained graph, and the errors for a backward that makes no sense.
/// </summary>
[OnEveryBackend]
public class BackwardTests(IBackend backend) : BackendFixture(backend)
{
    [Test]
    public void ATensorUsedTwiceAccumulatesBothContributions()
    {
        // b = a + a, c = b * b = 4a², so dc/da = 8a.
        var a = Tensor.FromArray(1f, -2f, 3f).RequireGrad();
        var b = a + a;
        var c = b * b;
        c.Backward(Tensor.OnesLike(c));
        Assert.That(a.Grad!.ToArray(), Is.EqualTo(new[] { 8f, -16f, 24f }));
    }

    [Test]
    public void DiamondGraphSumsTheGradientOfBothPaths()
    {
        // x feeds two branches that meet again: L = sum(exp(x) * tanh(x)).
        // dL/dx = exp(x) tanh(x) + exp(x) (1 - tanh²(x)).
        var x = Tensor.FromArray(0.5f, -1f).RequireGrad();
        var left = x.Exp();
        var right = x.Tanh();
        (left * right).Sum().Backward();
        var expected = new[] { 0.5, -1.0 }.Select(v => Math.Exp(v) * Math.Tanh(v) + Math.Exp(v) * (1 - Math.Pow(Math.Tanh(v), 2)));
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void BroadcastingIsUndoneInTheBackward()
    {
        // (3,1) * (1,4) → (3,4). Each a[i] meets every b[j]: dL/da[i] = Σ_j b[j], and dL/db[j] = Σ_i a[i].
        var a = Tensor.FromArray([1f, 2f, 3f], 3, 1).RequireGrad();
        var b = Tensor.FromArray([1f, 10f, 100f, 1000f], 1, 4).RequireGrad();
        (a * b).Sum().Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Grad!.Shape, Is.EqualTo(new[] { 3, 1 }));
            Assert.That(b.Grad!.Shape, Is.EqualTo(new[] { 1, 4 }));
            Assert.That(a.Grad.ToArray(), Is.EqualTo(new[] { 1111f, 1111f, 1111f }));
            Assert.That(b.Grad.ToArray(), Is.EqualTo(new[] { 6f, 6f, 6f, 6f }));
        }
    }

    [Test]
    public void AddedLeadingAxesAreSummedAway()
    {
        // A bias of shape (4) added to a batch of shape (2,3,4) is read 6 times per element.
        var batch = Tensor.Ones(2, 3, 4).RequireGrad();
        var bias = Tensor.Zeros(4).RequireGrad();
        (batch + bias).Sum().Backward();
        Assert.That(bias.Grad!.ToArray(), Is.EqualTo(new[] { 6f, 6f, 6f, 6f }));
    }

    [Test]
    public void SecondBackwardAddsTheSameGradientAgain()
    {
        // Documented rule: the graph is retained, and gradients accumulate into Grad (retain_graph=True).
        var x = Tensor.FromArray(2f, 3f).RequireGrad();
        var loss = (x * x).Sum();
        loss.Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 4f, 6f }));
        loss.Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 8f, 12f }));
    }

    [Test]
    public void ZeroGradResetsSoTheNextBackwardStartsFresh()
    {
        var x = Tensor.FromArray(2f, 3f).RequireGrad();
        var loss = (x * x).Sum();
        loss.Backward();
        x.ZeroGrad();
        Assert.That(x.Grad, Is.Null);
        loss.Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 4f, 6f }));
    }

    [Test]
    public void ExplicitGradientIsUsedAsTheStartingPoint()
    {
        var x = Tensor.FromArray(1f, 2f).RequireGrad();
        var y = x * 3f;
        y.Backward(Tensor.FromArray(10f, 100f));
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 30f, 300f }));
    }

    [Test]
    public void GradientIsACopyNotTheUpstreamTensor()
    {
        // The identity-like ops hand the same tensor down; a leaf's Grad must still be its own array,
        // or a later in-place update of one gradient would change the other.
        var x = Tensor.FromArray(1f, 2f).RequireGrad();
        var seed = Tensor.FromArray(5f, 7f);
        x.Reshape(2).Backward(seed);
        Assert.That(x.Grad!.Storage, Is.Not.SameAs(seed.Storage));
    }

    [Test]
    public void BackwardOnANonScalarWithoutGradientThrows()
    {
        var x = Tensor.Ones(2, 2).RequireGrad();
        var y = x * 2f;
        Assert.That(() => y.Backward(), Throws.InvalidOperationException.With.Message.EqualTo(
            "backward: a gradient can only be implied for a one-element tensor; this one has shape (2,2), so pass dL/d(this) of that shape"));
    }

    [Test]
    public void BackwardWithAGradientOfTheWrongShapeThrows()
    {
        var x = Tensor.Ones(2, 2).RequireGrad();
        var y = x * 2f;
        Assert.That(() => y.Backward(Tensor.Ones(3)), Throws.ArgumentException.With.Message.EqualTo(
            "backward: the gradient has shape (3) but the tensor has shape (2,2)"));
    }

    [Test]
    public void BackwardOnATensorThatDoesNotRequireGradThrows()
    {
        var y = Tensor.Ones(1) * 2f;
        Assert.That(() => y.Backward(), Throws.InvalidOperationException.With.Message.StartsWith(
            "backward: this tensor does not require grad, so there is nothing to differentiate"));
    }

    [Test]
    public void LeavesHaveNoGradFnAndOpResultsDo()
    {
        var leaf = Tensor.Ones(2).RequireGrad();
        var data = Tensor.Ones(2);
        var result = leaf * data;
        var untracked = data * data;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(leaf.IsLeaf, Is.True);
            Assert.That(leaf.GradFn, Is.Null);
            Assert.That(result.IsLeaf, Is.False);
            Assert.That(result.GradFn!.OpName, Is.EqualTo("mul"));
            Assert.That(result.GradFn.Inputs, Is.EqualTo(new[] { leaf, data }));
            Assert.That(result.RequiresGrad, Is.True);
            // No input requires grad, so nothing is recorded: the result is a leaf.
            Assert.That(untracked.IsLeaf, Is.True);
            Assert.That(untracked.RequiresGrad, Is.False);
        }
    }

    [Test]
    public void OnlyLeavesReceiveGrad()
    {
        var x = Tensor.FromArray(1f, 2f).RequireGrad();
        var hidden = x * 2f;
        var data = Tensor.FromArray(3f, 4f);
        (hidden * data).Sum().Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hidden.Grad, Is.Null);
            Assert.That(data.Grad, Is.Null);
            Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 6f, 8f }));
        }
    }
}

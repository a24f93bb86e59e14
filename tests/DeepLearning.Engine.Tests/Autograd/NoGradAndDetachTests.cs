// Not "DeepLearning.Tests.Autograd": a namespace of that name would hide the Autograd class from every test.
namespace DeepLearning.Tests.AutogradTests;

/// <summary>Two ways to compute without recording: a NoGrad scope, and Detach on one tensor.</summary>
public class NoGradAndDetachTests
{
    [Test]
    public void InsideNoGradResultsDoNotRequireGradAndHaveNoHistory()
    {
        var w = Tensor.Ones(2).RequireGrad();
        Tensor result;
        using (Autograd.NoGrad())
        {
            Assert.That(Autograd.IsGradEnabled, Is.False);
            result = (w * 3f).Sum();
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Autograd.IsGradEnabled, Is.True);
            Assert.That(result.RequiresGrad, Is.False);
            Assert.That(result.GradFn, Is.Null);
            Assert.That(result.Item(), Is.EqualTo(6f));
        }
    }

    [Test]
    public void NoGradScopesNestAndEachRestoresTheStateItFound()
    {
        var outer = Autograd.NoGrad();
        var inner = Autograd.NoGrad();
        inner.Dispose();
        // Still inside the outer scope.
        Assert.That(Autograd.IsGradEnabled, Is.False);
        outer.Dispose();
        Assert.That(Autograd.IsGradEnabled, Is.True);
    }

    [Test]
    public void DisposingAScopeTwiceDoesNotReEnableAnOuterScope()
    {
        using (Autograd.NoGrad())
        {
            var inner = Autograd.NoGrad();
            inner.Dispose();
            inner.Dispose();
            Assert.That(Autograd.IsGradEnabled, Is.False);
        }
        Assert.That(Autograd.IsGradEnabled, Is.True);
    }

    [Test]
    public void RecordingResumesAfterTheScope()
    {
        var w = Tensor.Ones(2).RequireGrad();
        using (Autograd.NoGrad())
        {
            _ = w * 2f;
        }
        var tracked = w * 2f;
        Assert.That(tracked.GradFn!.OpName, Is.EqualTo("mul"));
    }

    [Test]
    public void ParameterUpdateInsideNoGradKeepsTheParameterALeaf()
    {
        // The pattern of an SGD step: w ← w - lr·grad, computed without recording, written back in place.
        var w = Tensor.FromArray(1f, 2f).RequireGrad();
        (w * w).Sum().Backward();
        using (Autograd.NoGrad())
        {
            w.CopyFrom(w - 0.1f * w.Grad!);
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w.ToArray(), Is.EqualTo(new[] { 0.8f, 1.6f }).Within(1e-6f));
            Assert.That(w.IsLeaf, Is.True);
            Assert.That(w.RequiresGrad, Is.True);
        }
    }

    [Test]
    public void DetachSharesStorageButHasNoHistory()
    {
        var x = Tensor.FromArray(1f, 2f, 3f).RequireGrad();
        var y = x * 2f;
        var detached = y.Detach();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detached.Storage, Is.SameAs(y.Storage));
            Assert.That(detached.IsLeaf, Is.True);
            Assert.That(detached.RequiresGrad, Is.False);
            Assert.That(detached.ToArray(), Is.EqualTo(y.ToArray()));
        }
        // Shared storage: a write through the detached tensor is seen by the original.
        detached[0] = 42f;
        Assert.That(y[0], Is.EqualTo(42f));
    }

    [Test]
    public void DetachBlocksGradientFlow()
    {
        // L = sum(x * detach(x)): the detached factor is a constant, so dL/dx = x, not 2x.
        var x = Tensor.FromArray(1f, 2f, 3f).RequireGrad();
        (x * x.Detach()).Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f }));
    }

    [Test]
    public void DetachOfAViewKeepsItsShapeStridesAndOffset()
    {
        var x = Tensor.Arange(12).Reshape(3, 4).RequireGrad();
        var view = x.Slice(1, 1, 4, 2).T;
        var detached = view.Detach();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detached.Shape, Is.EqualTo(view.Shape));
            Assert.That(detached.Strides, Is.EqualTo(view.Strides));
            Assert.That(detached.Offset, Is.EqualTo(view.Offset));
            Assert.That(detached.ToArray(), Is.EqualTo(view.ToArray()));
        }
    }

    [Test]
    public void SettingRequiresGradFalseOnANonLeafThrows()
    {
        var x = Tensor.Ones(2).RequireGrad();
        var y = x.Exp();
        Assert.That(() => y.RequiresGrad = false, Throws.InvalidOperationException.With.Message.EqualTo(
            "requires_grad: this tensor is the output of 'exp'; use Detach() to get a tensor without history"));
    }

    [Test]
    public void SettingRequiresGradFalseOnALeafStopsRecording()
    {
        var x = Tensor.Ones(2).RequireGrad();
        x.RequiresGrad = false;
        Assert.That((x * 2f).GradFn, Is.Null);
    }
}

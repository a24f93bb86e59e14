// Not "DeepLearning.Tests.Autograd": a namespace of that name would hide the Autograd class from every test.
namespace DeepLearning.Tests.AutogradTests;

/// <summary>
/// Anomaly mode stops at the first op whose output, or whose backward's gradient, is NaN or infinite, and
/// says which op it was; outside the mode the NaN simply propagates.
/// </summary>
public class AnomalyModeTests
{
    [Test]
    public void LogOfANegativeNumberIsReportedAsLog()
    {
        var x = Tensor.FromArray(2f, -1f);
        using (Autograd.DetectAnomaly())
        {
            Assert.That(() => x.Log(), Throws.TypeOf<AnomalyException>().With.Message.EqualTo(
                "anomaly: the output of 'log' holds NaN at flat index 1 (shape (2))"));
        }
    }

    [Test]
    public void ZeroDividedByZeroIsReportedAsDiv()
    {
        var zero = Tensor.Zeros(1);
        using (Autograd.DetectAnomaly())
        {
            Assert.That(() => zero / zero, Throws.TypeOf<AnomalyException>().With.Message.EqualTo(
                "anomaly: the output of 'div' holds NaN at flat index 0 (shape (1))"));
        }
    }

    [Test]
    public void OverflowToInfinityIsReported()
    {
        var x = Tensor.FromArray(100f);
        using (Autograd.DetectAnomaly())
        {
            Assert.That(() => x.Exp(), Throws.TypeOf<AnomalyException>().With.Message.EqualTo(
                "anomaly: the output of 'exp' holds Infinity at flat index 0 (shape (1))"));
        }
    }

    [Test]
    public void AnInfiniteGradientIsReportedWithTheBackwardItCameFrom()
    {
        // d√x/dx = 1/(2√x) is infinite at 0, though √0 = 0 is fine: only the backward goes wrong.
        var x = Tensor.Zeros(1).RequireGrad();
        using (Autograd.DetectAnomaly())
        {
            var y = x.Sqrt();
            Assert.That(() => y.Backward(), Throws.TypeOf<AnomalyException>().With.Message.EqualTo(
                "anomaly: in the backward of 'sqrt', the output of 'div' holds Infinity at flat index 0 (shape (1))"));
        }
    }

    [Test]
    public void ANonFiniteGradientHandedOnByABackwardIsReported()
    {
        // The backward of add passes its upstream gradient through unchanged, so no op inside it sees the
        // NaN: the check on the gradients that a backward returns catches it.
        var x = Tensor.Ones(2).RequireGrad();
        using (Autograd.DetectAnomaly())
        {
            var y = x + Tensor.Ones(2);
            Assert.That(() => y.Backward(Tensor.FromArray(1f, float.NaN)), Throws.TypeOf<AnomalyException>().With.Message.EqualTo(
                "anomaly: the gradient that the backward of 'add' gave input 0 holds NaN at flat index 1 (shape (2))"));
        }
    }

    [Test]
    public void OutsideAnomalyModeNaNAndInfinityPropagateSilently()
    {
        var x = Tensor.Zeros(1).RequireGrad();
        var logOfNegative = Tensor.FromArray(-1f).Log();
        var y = x.Sqrt();
        y.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(float.IsNaN(logOfNegative.Item()), Is.True);
            Assert.That(float.IsPositiveInfinity(x.Grad!.Item()), Is.True);
        }
    }

    [Test]
    public void AnomalyScopesNestAndRestore()
    {
        Assert.That(Autograd.IsAnomalyDetectionEnabled, Is.False);
        using (Autograd.DetectAnomaly())
        {
            using (Autograd.DetectAnomaly())
            {
                Assert.That(Autograd.IsAnomalyDetectionEnabled, Is.True);
            }
            Assert.That(Autograd.IsAnomalyDetectionEnabled, Is.True);
        }
        Assert.That(Autograd.IsAnomalyDetectionEnabled, Is.False);
    }

    [Test]
    public void AnomalyModeAlsoChecksOpsInsideNoGrad()
    {
        // Evaluation runs under NoGrad; a NaN there is as much a bug as in training.
        using (Autograd.DetectAnomaly())
        using (Autograd.NoGrad())
        {
            Assert.That(() => Tensor.FromArray(-4f).Sqrt(), Throws.TypeOf<AnomalyException>().With.Message.Contains("'sqrt'"));
        }
    }

    [Test]
    public void FiniteComputationsPassUnderAnomalyMode()
    {
        var x = Tensor.FromArray(1f, 4f).RequireGrad();
        using (Autograd.DetectAnomaly())
        {
            x.Sqrt().Sum().Backward();
        }
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 0.5f, 0.25f }));
    }
}

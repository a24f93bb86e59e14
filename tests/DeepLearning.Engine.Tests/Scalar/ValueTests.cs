using DeepLearning.Scalar;

namespace DeepLearning.Tests.Scalar;

/// <summary>
/// The scalar engine of chapter 1: each primitive's forward value and local derivative, the chain rule
/// through composed expressions, accumulation, and a graph too deep for a recursive walk.
/// </summary>
public class ValueTests
{
    private const double Tolerance = 1e-12;

    [Test]
    public void AdditionAddsAndPassesTheGradientThroughUnchanged()
    {
        var a = new Value(2);
        var b = new Value(-3);
        var c = a + b;
        c.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Data, Is.EqualTo(-1));
            Assert.That(a.Grad, Is.EqualTo(1));
            Assert.That(b.Grad, Is.EqualTo(1));
            Assert.That(c.Op, Is.EqualTo("+"));
        }
    }

    [Test]
    public void MultiplicationGivesEachFactorTheOtherFactorAsGradient()
    {
        var a = new Value(2);
        var b = new Value(-3);
        var c = a * b;
        c.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Data, Is.EqualTo(-6));
            Assert.That(a.Grad, Is.EqualTo(-3));
            Assert.That(b.Grad, Is.EqualTo(2));
        }
    }

    [TestCase(3.0, 2.0, 9.0, 6.0)]      // d(x²)/dx = 2x
    [TestCase(2.0, 3.0, 8.0, 12.0)]     // d(x³)/dx = 3x²
    [TestCase(4.0, 0.5, 2.0, 0.25)]     // d(√x)/dx = 1/(2√x)
    [TestCase(2.0, -1.0, 0.5, -0.25)]   // d(1/x)/dx = -1/x²
    public void PowUsesThePowerRule(double x, double exponent, double expectedValue, double expectedGrad)
    {
        var input = new Value(x);
        var output = input.Pow(exponent);
        output.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.Data, Is.EqualTo(expectedValue).Within(Tolerance));
            Assert.That(input.Grad, Is.EqualTo(expectedGrad).Within(Tolerance));
        }
    }

    [Test]
    public void ExpIsItsOwnDerivative()
    {
        var x = new Value(1.5);
        var y = x.Exp();
        y.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.Data, Is.EqualTo(Math.Exp(1.5)).Within(Tolerance));
            Assert.That(x.Grad, Is.EqualTo(Math.Exp(1.5)).Within(Tolerance));
        }
    }

    [Test]
    public void LogHasDerivativeOneOverX()
    {
        var x = new Value(4);
        var y = x.Log();
        y.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.Data, Is.EqualTo(Math.Log(4)).Within(Tolerance));
            Assert.That(x.Grad, Is.EqualTo(0.25).Within(Tolerance));
        }
    }

    [Test]
    public void TanhHasDerivativeOneMinusTanhSquared()
    {
        var x = new Value(0.5);
        var y = x.Tanh();
        y.Backward();
        var t = Math.Tanh(0.5);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.Data, Is.EqualTo(t).Within(Tolerance));
            Assert.That(x.Grad, Is.EqualTo(1 - t * t).Within(Tolerance));
        }
    }

    [TestCase(2.5, 2.5, 1.0)]
    [TestCase(-1.0, 0.0, 0.0)]
    [TestCase(0.0, 0.0, 0.0)] // the subgradient 0 at the kink, as PyTorch
    public void ReluPassesPositivesAndBlocksTheRest(double x, double expectedValue, double expectedGrad)
    {
        var input = new Value(x);
        var output = input.Relu();
        output.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.Data, Is.EqualTo(expectedValue));
            Assert.That(input.Grad, Is.EqualTo(expectedGrad));
        }
    }

    [Test]
    public void ComposedSubtractionNegationAndDivisionHaveTheRightGradients()
    {
        var a = new Value(6);
        var b = new Value(4);
        var difference = a - b;
        var negation = -a;
        var quotient = a / b;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(difference.Data, Is.EqualTo(2));
            Assert.That(negation.Data, Is.EqualTo(-6));
            Assert.That(quotient.Data, Is.EqualTo(1.5).Within(Tolerance));
        }

        // L = (a - b) + (-a) + a/b, so dL/da = 1 - 1 + 1/b and dL/db = -1 - a/b².
        var loss = difference + negation + quotient;
        loss.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Grad, Is.EqualTo(0.25).Within(Tolerance));
            Assert.That(b.Grad, Is.EqualTo(-1 - 6.0 / 16).Within(Tolerance));
        }
    }

    /// <summary>
    /// The worked example of the micrograd lecture, by hand: e = a*b, d = e + c, L = d*f with
    /// a=2, b=-3, c=10, f=-2. Then dL/dd = f = -2, dL/df = d = 4, dL/dc = dL/de = -2,
    /// dL/da = dL/de * b = 6, dL/db = dL/de * a = -4.
    /// </summary>
    [Test]
    public void HandComputedChainRuleExample()
    {
        var a = new Value(2, "a");
        var b = new Value(-3, "b");
        var c = new Value(10, "c");
        var f = new Value(-2, "f");
        var e = a * b;
        var d = e + c;
        var loss = d * f;
        loss.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(loss.Data, Is.EqualTo(-8));
            Assert.That(d.Grad, Is.EqualTo(-2));
            Assert.That(f.Grad, Is.EqualTo(4));
            Assert.That(c.Grad, Is.EqualTo(-2));
            Assert.That(e.Grad, Is.EqualTo(-2));
            Assert.That(a.Grad, Is.EqualTo(6));
            Assert.That(b.Grad, Is.EqualTo(-4));
        }
    }

    /// <summary>micrograd's test_more_ops; the expected numbers are those PyTorch gives for the same graph.</summary>
    [Test]
    public void MicrogradReferenceExampleMatchesItsKnownGradients()
    {
        Value a = -4.0;
        Value b = 2.0;
        var c = a + b;
        var d = a * b + b.Pow(3);
        c += c + 1;
        c += 1 + c + -a;
        d += d * 2 + (b + a).Relu();
        d += 3 * d + (b - a).Relu();
        var e = c - d;
        var f = e.Pow(2);
        var g = f / 2.0;
        g += 10.0 / f;
        g.Backward();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(g.Data, Is.EqualTo(24.70408163265306).Within(1e-10));
            Assert.That(a.Grad, Is.EqualTo(138.83381924198252).Within(1e-9));
            Assert.That(b.Grad, Is.EqualTo(645.5772594752186).Within(1e-9));
        }
    }

    [Test]
    public void GradientsAccumulateWhenAValueIsUsedTwice()
    {
        // b = a + a reads a twice; each read contributes 1, so db/da = 2, not 1.
        var a = new Value(3);
        var b = a + a;
        b.Backward();
        Assert.That(a.Grad, Is.EqualTo(2));

        // c = x * x: each factor contributes x, so dc/dx = 2x.
        var x = new Value(5);
        var square = x * x;
        square.Backward();
        Assert.That(x.Grad, Is.EqualTo(10));
    }

    [Test]
    public void ZeroGradClearsEveryGradientSoASecondBackwardDoesNotAccumulate()
    {
        var w = new Value(2);
        var x = new Value(3);
        var y = (w * x).Tanh();
        y.Backward();
        var first = w.Grad;
        y.ZeroGrad();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w.Grad, Is.Zero);
            Assert.That(x.Grad, Is.Zero);
            Assert.That(y.Grad, Is.Zero);
        }
        y.Backward();
        Assert.That(w.Grad, Is.EqualTo(first));
    }

    [Test]
    public void AChainOfOneHundredThousandOpsBackpropagatesWithoutStackOverflow()
    {
        // A recursive topological sort would overflow the stack here, and that ends the test process.
        const int depth = 100_000;
        const double factor = 1.00001;
        var x = new Value(1);
        var y = x;
        for (var i = 0; i < depth; i++)
        {
            y = y * factor;
        }
        y.Backward();
        var expected = Math.Pow(factor, depth);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.Data, Is.EqualTo(expected).Within(1e-9).Percent);
            Assert.That(x.Grad, Is.EqualTo(expected).Within(1e-9).Percent);
        }
    }

    private static readonly (string Name, Func<Value, Value> Function, double At)[] UnaryOps =
    [
        ("pow 3", v => v.Pow(3), 1.3),
        ("pow -0.5", v => v.Pow(-0.5), 2.0),
        ("exp", v => v.Exp(), 0.7),
        ("log", v => v.Log(), 1.9),
        ("tanh", v => v.Tanh(), -0.4),
        ("relu", v => v.Relu(), 0.8),
        ("negate", v => -v, 0.3),
        ("add", v => v + 2.5, 0.3),
        ("subtract", v => 1.5 - v, 0.3),
        ("multiply", v => v * v * 1.7, -1.1),
        ("divide", v => 3.0 / (v + 1), 0.6),
    ];

    private static IEnumerable<TestCaseData> UnaryOpCases() =>
        UnaryOps.Select(op => new TestCaseData(op.Function, op.At).SetArgDisplayNames(op.Name));

    /// <summary>The analytic gradient agrees with the central difference (f(x+h) - f(x-h)) / 2h.</summary>
    [TestCaseSource(nameof(UnaryOpCases))]
    public void GradientMatchesCentralDifference(Func<Value, Value> function, double at)
    {
        const double h = 1e-6;
        var x = new Value(at);
        function(x).Backward();
        var numeric = (function(new Value(at + h)).Data - function(new Value(at - h)).Data) / (2 * h);
        Assert.That(x.Grad, Is.EqualTo(numeric).Within(1e-6));
    }

    [Test]
    public void TwoInputOperationsMatchCentralDifferenceInEachInput()
    {
        const double h = 1e-6;
        static Value F(Value a, Value b) => (a * b + a / b - b.Pow(2)).Tanh() + (a - b).Exp();
        var a = new Value(0.4);
        var b = new Value(-1.3);
        F(a, b).Backward();
        var numericA = (F(0.4 + h, -1.3).Data - F(0.4 - h, -1.3).Data) / (2 * h);
        var numericB = (F(0.4, -1.3 + h).Data - F(0.4, -1.3 - h).Data) / (2 * h);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Grad, Is.EqualTo(numericA).Within(1e-6));
            Assert.That(b.Grad, Is.EqualTo(numericB).Within(1e-6));
        }
    }
}

using DeepLearning.Scalar;

namespace DeepLearning.Exercises.Tests;

// Hidden tests score but are never shown to learners: the grader reports only whether each passed.

[TestFixture, Category("hidden")]
public sealed class Chapter1HiddenTests
{
    [Test, Category("task:1.2"), Hint("check both gradients with an output gradient other than 1", Cause = HintCause.WrongValues)]
    public void MulBackwardInsideALargerGraph()
    {
        var (a, b, c) = (new Value(-0.7), new Value(2.5), new Value(-3));
        (a * b * c).Backward();
        var (gradA, gradB) = ScalarAutograd.MulBackward(-0.7, 2.5, c.Data);
        TensorAssert.Close(a.Grad, gradA, "dL/da");
        TensorAssert.Close(b.Grad, gradB, "dL/db");
    }

    [Test, Category("task:1.3"), Hint("tanh saturates: far from 0 its derivative is tiny but not NaN", Cause = HintCause.NotANumber)]
    public void TanhBackwardFarFromZero()
    {
        TensorAssert.Close(0.0, ScalarAutograd.TanhBackward(20, 1), "dL/dx at x = 20", 1e-9);
        TensorAssert.Close(-3 * (1 - Math.Tanh(0.25) * Math.Tanh(0.25)), ScalarAutograd.TanhBackward(0.25, -3), "dL/dx at x = 0.25, outputGrad = -3");
    }

    [Test, Category("task:1.4"), Hint("negative exponents and negative bases follow the same rule")]
    public void PowBackwardWithANegativeExponent() =>
        TensorAssert.Close(-0.75, ScalarAutograd.PowBackward(-2, -1, 3), "dL/dx for x^-1 at x = -2, outputGrad = 3");

    [Test, Category("task:1.1"), Hint("central differences are accurate to about h²")]
    public void NumericalDerivativeOfCurvedFunctions()
    {
        TensorAssert.Close(Math.Cos(1), ScalarAutograd.NumericalDerivative(Math.Sin, 1), "slope of sin at 1", 1e-8);
        TensorAssert.Close(-16.0, ScalarAutograd.NumericalDerivative(x => 1 / x, 0.25), "slope of 1/x at 0.25", 1e-6);
    }

    [Test, Category("task:1.6"), Hint("far from 0, e^(2x) is huge or tiny: the value must still be ±1 and the gradient about 0", Cause = HintCause.NotANumber)]
    public void TanhFromExpAwayFromZero()
    {
        foreach (var point in new[] { -3.0, 2.0 })
        {
            var x = new Value(point);
            var y = ScalarAutograd.Tanh(x);
            y.Backward();
            TensorAssert.Close(Math.Tanh(point), y.Data, $"tanh({point})", 1e-9);
            TensorAssert.Close(1 - Math.Tanh(point) * Math.Tanh(point), x.Grad, $"d tanh(x)/dx at {point}", 1e-9);
        }
    }

    [Test, Category("task:1.8"), Hint("every prediction gets 2(p - t)/n; one prediction alone is n = 1", Cause = HintCause.WrongValues)]
    public void MeanSquaredErrorOfOneAndOfFour()
    {
        Value[] one = [0.5];
        var single = ScalarAutograd.MeanSquaredError(one, [1.0]);
        single.Backward();
        TensorAssert.Close(0.25, single.Data, "(0.5 - 1)²", 1e-12);
        TensorAssert.Close(-1.0, one[0].Grad, "dL/dp for one prediction", 1e-12);
        Value[] four = [0.1, 0.2, 0.3, 0.4];
        var loss = ScalarAutograd.MeanSquaredError(four, [0, 0, 0, 0]);
        loss.Backward();
        TensorAssert.Close(0.075, loss.Data, "mean of the squares of 0.1..0.4", 1e-12);
        TensorAssert.Close(0.2, four[3].Grad, "dL/dp3 = 2·0.4/4", 1e-12);
    }

    [Test, Category("task:1.5"), Weight(2), Hint("a recursive walk overflows the stack on a deep graph: use an explicit stack", Cause = HintCause.Crash)]
    public void DeepChainDoesNotOverflowTheStack()
    {
        var x = new Value(0);
        for (var i = 0; i < 100_000; i++)
        {
            x += 1;
        }
        // Each step adds a '+' node and a constant leaf: 200,001 nodes in all.
        GraphOrderAssert.IsTopological(x, ScalarAutograd.TopologicalOrder(x), expectedCount: 200_001);
    }

    [Test, Category("task:1.7"), Hint("every input, weight and the bias should receive a gradient", Cause = HintCause.WrongValues)]
    public void NeuronWithFiveInputs()
    {
        var generator = new Generator(5);
        var inputs = Enumerable.Range(0, 5).Select(_ => new Value(generator.NextGaussian())).ToArray();
        var weights = Enumerable.Range(0, 5).Select(_ => new Value(generator.NextGaussian())).ToArray();
        var bias = new Value(-0.3);
        var output = ScalarAutograd.Neuron(inputs, weights, bias);
        var sum = -0.3 + inputs.Zip(weights, (x, w) => x.Data * w.Data).Sum();
        TensorAssert.Close(Math.Tanh(sum), output.Data, "output");
        output.Backward();
        var slope = 1 - Math.Tanh(sum) * Math.Tanh(sum);
        for (var i = 0; i < 5; i++)
        {
            TensorAssert.Close(slope * inputs[i].Data, weights[i].Grad, $"dL/dw{i}");
            TensorAssert.Close(slope * weights[i].Data, inputs[i].Grad, $"dL/dx{i}");
        }
    }
}

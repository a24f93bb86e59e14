using DeepLearning.Scalar;

namespace DeepLearning.Exercises.Tests;

// Each fixture tests one task. The parameterless constructor tests the exercise library; the other takes the
// learner's own function, which is how a notebook's Checks.Run("1.2", MulBackward) runs the same tests.

[TestFixture, Category("task:1.1")]
public sealed class Task1_1_NumericalDerivative(Func<Func<double, double>, double, double> numericalDerivative)
{
    public Task1_1_NumericalDerivative() : this(ScalarAutograd.NumericalDerivative) { }

    [Test, Hint("(f(x+h) - f(x-h)) / 2h with a small h such as 1e-5; a one-sided difference (f(x+h) - f(x)) / h is not accurate enough")]
    public void CubeIsAccurateToSecondOrder()
    {
        // A one-sided difference with h = 1e-5 is off by about 3xh = 6e-5 here; a central one by h² = 1e-10.
        var slope = numericalDerivative(x => x * x * x, 2);
        var cause = Math.Abs(slope - 12) is > 1e-6 and < 1e-2
            ? "close, but off by about 3·x·h: a one-sided difference (f(x+h) - f(x)) / h; the central one, (f(x+h) - f(x-h)) / 2h, is off by only h²"
            : null;
        TensorAssert.Close(12.0, slope, "slope of x³ at x = 2", 1e-6, new Comparison { Suspects = cause is null ? [] : [Suspect.Number(cause, slope)] });
    }

    [Test, Hint("divide by the whole width of the interval, 2h")]
    public void LineHasItsSlope() =>
        TensorAssert.Close(-3.0, numericalDerivative(x => 5 - 3 * x, 7), "slope of 5 - 3x", 1e-6, new Comparison
        {
            Suspects = [Suspect.Number("f(x+h) - f(x-h) is divided by h; the two points are 2h apart", -6)],
        });
}

[TestFixture, Category("task:1.6"), WriteItYourself("Value.Tanh")]
public sealed class Task1_6_TanhFromExp(Func<Value, Value> tanh)
{
    public Task1_6_TanhFromExp() : this(ScalarAutograd.Tanh) { }

    [Test, Weight(2), Hint("tanh x = (e^(2x) - 1) / (e^(2x) + 1): Exp, then arithmetic on Value; Backward does the rest")]
    public void ValueAndGradientMatchTanh()
    {
        foreach (var point in new[] { -1.5, 0.0, 0.7 })
        {
            var x = new Value(point);
            var y = tanh(x);
            TensorAssert.Close(Math.Tanh(point), y.Data, $"tanh({point})", 1e-9, new Comparison
            {
                Suspects = [Suspect.Number("(e^x - 1) / (e^x + 1) is tanh(x/2): the formula has e^(2x)", Math.Tanh(point / 2))],
            });
            y.Backward();
            TensorAssert.Close(1 - Math.Tanh(point) * Math.Tanh(point), x.Grad, $"d tanh(x)/dx at x = {point} after Backward()", 1e-9);
        }
    }

    [Test, Hint("build it from Exp and arithmetic: the engine's own Tanh must not appear in the graph")]
    public void IsComposedNotReadyMade()
    {
        var y = tanh(new Value(0.3));
        Assert.That(y.TopologicalOrder().Select(node => node.Op), Has.None.EqualTo("tanh").And.Some.EqualTo("exp"), "the operations in the graph of your tanh");
    }
}

[TestFixture, Category("task:1.8")]
public sealed class Task1_8_MeanSquaredError(Func<IReadOnlyList<Value>, IReadOnlyList<double>, Value> meanSquaredError)
{
    public Task1_8_MeanSquaredError() : this(ScalarAutograd.MeanSquaredError) { }

    [Test, Hint("sum the squared differences as Values, then divide by n")]
    public void LossAndGradients()
    {
        Value[] predictions = [1.0, -1.0, 0.25];
        double[] targets = [1, 1, -1];
        var loss = meanSquaredError(predictions, targets);
        TensorAssert.Close((0 + 4 + 1.5625) / 3, loss.Data, "the loss of [1, -1, 0.25] against [1, 1, -1]", 1e-12, new Comparison
        {
            Sizes = [("n", 3)],
            Suspects = [Suspect.Number("the differences are not squared: (p - t)², summed, over n", (0 - 2 + 1.25) / 3)],
        });
        loss.Backward();
        for (var i = 0; i < 3; i++)
        {
            TensorAssert.Close(2 * (predictions[i].Data - targets[i]) / 3, predictions[i].Grad, $"dL/dp{i} (it should be 2(p - t)/n)", 1e-12);
        }
    }
}

[TestFixture, Category("task:1.2"), WriteItYourself("Value.Backward")]
public sealed class Task1_2_MulBackward(Func<double, double, double, (double GradA, double GradB)> mulBackward)
{
    public Task1_2_MulBackward() : this(ScalarAutograd.MulBackward) { }

    [Test, Hint("d(a·b)/da = b and d(a·b)/db = a")]
    public void MatchesValueWithOutputGradientOne()
    {
        var (a, b) = (new Value(3), new Value(-2));
        (a * b).Backward();
        var (gradA, gradB) = mulBackward(3, -2, 1);
        var swapped = new Comparison { Suspects = [Suspect.Number("the two gradients are swapped: d(a·b)/da = b, d(a·b)/db = a", 3)] };
        TensorAssert.Close(a.Grad, gradA, "dL/da for a = 3, b = -2, outputGrad = 1", comparison: swapped);
        TensorAssert.Close(b.Grad, gradB, "dL/db for a = 3, b = -2, outputGrad = 1", comparison: new Comparison { Suspects = [Suspect.Number("the two gradients are swapped: d(a·b)/da = b, d(a·b)/db = a", -2)] });
    }

    [Test, Hint("the chain rule: multiply each local derivative by outputGrad")]
    public void ScalesWithTheOutputGradient()
    {
        var (gradA, gradB) = mulBackward(1.5, 4, 0.5);
        TensorAssert.Close(2.0, gradA, "dL/da for a = 1.5, b = 4, outputGrad = 0.5", comparison: new Comparison
        {
            Suspects = [Suspect.Number("outputGrad is not multiplied in: the chain rule multiplies the local derivative b by it", 4)],
        });
        TensorAssert.Close(0.75, gradB, "dL/db for a = 1.5, b = 4, outputGrad = 0.5");
    }
}

[TestFixture, Category("task:1.3"), WriteItYourself("Value.Tanh", "Value.Backward")]
public sealed class Task1_3_TanhBackward(Func<double, double, double> tanhBackward)
{
    public Task1_3_TanhBackward() : this(ScalarAutograd.TanhBackward) { }

    [Test, Hint("d tanh(x)/dx = 1 - tanh²(x)")]
    public void MatchesValue()
    {
        var x = new Value(0.5);
        x.Tanh().Backward();
        TensorAssert.Close(x.Grad, tanhBackward(0.5, 1), "dL/dx at x = 0.5, outputGrad = 1", comparison: new Comparison
        {
            Suspects =
            [
                Suspect.Number("tanh(x) is not its own derivative: d tanh(x)/dx = 1 - tanh²(x)", Math.Tanh(0.5)),
                Suspect.Number("1 - x² squares x; the derivative squares tanh(x): 1 - tanh²(x)", 1 - 0.25),
            ],
        });
    }

    [Test, Hint("multiply the local derivative by outputGrad")]
    public void ScalesWithTheOutputGradient()
    {
        var expected = 2 * (1 - Math.Tanh(-1.3) * Math.Tanh(-1.3));
        TensorAssert.Close(expected, tanhBackward(-1.3, 2), "dL/dx at x = -1.3, outputGrad = 2", comparison: new Comparison
        {
            Suspects = [Suspect.Number("outputGrad is not multiplied in: the chain rule multiplies 1 - tanh²(x) by it", expected / 2)],
        });
    }
}

[TestFixture, Category("task:1.4"), WriteItYourself("Value.Pow", "Value.Backward")]
public sealed class Task1_4_PowBackward(Func<double, double, double, double> powBackward)
{
    public Task1_4_PowBackward() : this(ScalarAutograd.PowBackward) { }

    [Test, Hint("d(x^k)/dx = k·x^(k-1)")]
    public void CubeAtTwo() => TensorAssert.Close(12.0, powBackward(2, 3, 1), "d(x³)/dx at x = 2", comparison: new Comparison
    {
        Suspects =
        [
            Suspect.Number("the exponent is not lowered: k·x^(k-1), not k·x^k", 24),
            Suspect.Number("the factor k is missing: k·x^(k-1)", 4),
        ],
    });

    [Test, Hint("the exponent need not be an integer; multiply by outputGrad")]
    public void SquareRootWithOutputGradient() =>
        TensorAssert.Close(0.5, powBackward(4, 0.5, 2), "dL/dx for x^0.5 at x = 4, outputGrad = 2", comparison: new Comparison
        {
            Suspects = [Suspect.Number("outputGrad is not multiplied in: the chain rule multiplies k·x^(k-1) by it", 0.25)],
        });
}

[TestFixture, Category("task:1.5"), WriteItYourself("Value.TopologicalOrder", "Value.Backward")]
public sealed class Task1_5_TopologicalOrder(Func<Value, List<Value>> topologicalOrder)
{
    public Task1_5_TopologicalOrder() : this(ScalarAutograd.TopologicalOrder) { }

    [Test, Hint("visit each node's children before adding the node itself")]
    public void ChildrenComeBeforeParents()
    {
        var (a, b) = (new Value(2, "a"), new Value(-3, "b"));
        var c = a * b;
        var d = c + a;
        var e = d.Tanh();
        GraphOrderAssert.IsTopological(e, topologicalOrder(e), expectedCount: 5);
    }

    [Test, Hint("remember which nodes you have visited: a value used three times appears once")]
    public void SharedValuesAppearOnce()
    {
        var a = new Value(1.5, "a");
        var square = a * a;
        var root = square * a;
        GraphOrderAssert.IsTopological(root, topologicalOrder(root), expectedCount: 3);
    }
}

[TestFixture, Category("task:1.7")]
public sealed class Task1_7_Neuron(Func<IReadOnlyList<Value>, IReadOnlyList<Value>, Value, Value> neuron)
{
    public Task1_7_Neuron() : this(ScalarAutograd.Neuron) { }

    [Test, Weight(2), Hint("tanh of (bias + Σ wᵢ·xᵢ), built from Value operations so that Backward reaches every input")]
    public void OutputAndGradients()
    {
        Value[] inputs = [1.0, -2.0];
        Value[] weights = [0.5, 0.25];
        Value bias = 0.1;
        var output = neuron(inputs, weights, bias);
        var expected = Math.Tanh(0.1);
        TensorAssert.Close(expected, output.Data, "tanh(0.5·1 + 0.25·(-2) + 0.1)", comparison: new Comparison
        {
            Suspects =
            [
                Suspect.Number("no tanh: the neuron's output is tanh(Σ wᵢ·xᵢ + b)", 0.1),
                Suspect.Number("the bias b is not added: tanh(Σ wᵢ·xᵢ + b)", 0),
            ],
        });
        output.Backward();
        var slope = 1 - expected * expected;
        TensorAssert.Close(slope * 1, weights[0].Grad, "dL/dw₀ (= (1 - out²)·x₀)");
        TensorAssert.Close(slope * -2, weights[1].Grad, "dL/dw₁");
        TensorAssert.Close(slope * 0.5, inputs[0].Grad, "dL/dx₀ (= (1 - out²)·w₀)");
        TensorAssert.Close(slope, bias.Grad, "dL/db");
    }
}

/// <summary>Checks an order of a Value graph: every node once, each after its children.</summary>
internal static class GraphOrderAssert
{
    public static void IsTopological(Value root, List<Value>? order, int expectedCount)
    {
        Assert.That(order, Is.Not.Null, "the order is null");
        var position = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < order!.Count; i++)
        {
            if (!position.TryAdd(order[i], i))
            {
                Assert.Fail($"{order[i]} appears twice in the order (at {position[order[i]]} and {i})");
            }
        }
        Assert.That(order, Has.Count.EqualTo(expectedCount), "number of nodes in the order");
        Assert.That(position.ContainsKey(root), Is.True, "the root is missing from the order");
        foreach (var (node, at) in position)
        {
            foreach (var child in node.Children)
            {
                if (!position.TryGetValue(child, out var childAt))
                {
                    Assert.Fail($"{child} (an input of the '{node.Op}' node) is missing from the order");
                }
                if (childAt > at)
                {
                    Assert.Fail($"{child} comes at position {childAt}, after the '{node.Op}' node that uses it (position {at})");
                }
            }
        }
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:1.a")]
public sealed class Question1_a(Func<int> answer)
{
    public Question1_a() : this(ScalarAutograd.Question1A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("1.a", answer(), "7fde00befea18b2a0dd270972eed87187b80e67ee9a7afa80d4212ce16b2d946",
            lookAgainAt: "f(4) and f(3) for f(x) = 3x² − 4x + 5, then their difference");
}

[TestFixture, Category("task:1.b")]
public sealed class Question1_b(Func<int> answer)
{
    public Question1_b() : this(ScalarAutograd.Question1B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("1.b", answer(), "80f1164513020e7ac0fe1094ad02671747009f3f70f338b3b9c13e0389235245",
            lookAgainAt: "x is used three times: each use sends its own gradient back, and the engine adds them (+=)");
}

[TestFixture, Category("task:1.c")]
public sealed class Question1_c(Func<char> answer)
{
    public Question1_c() : this(ScalarAutograd.Question1C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("1.c", answer(), "cccf2c4e27bdf288c9271f3607513d5c2cc932fb3c11878905fdfd1bbee77d91",
            lookAgainAt: "∂L/∂pᵢ = (2/n)(pᵢ − tᵢ) with n = 2");
}

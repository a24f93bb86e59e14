using DeepLearning.Scalar;

namespace DeepLearning.Tests.Scalar;

/// <summary>
/// The scalar engine (double, one number per node) and the tensor engine (float32, whole arrays per node)
/// implement the same calculus; built on the same expression they must give the same values and gradients,
/// up to float32 rounding.
/// </summary>
public class ScalarTensorAgreementTests
{
    private const double Tolerance = 1e-5;

    private static Tensor Parameter(params float[] values) => Tensor.FromArray(values).RequireGrad();

    private static float GradOf(Tensor t, int index = 0) => t.Grad!.ToArray()[index];

    [Test]
    public void TanhNeuronAgrees()
    {
        // y = tanh(w·x + b) with two inputs: the neuron of the micrograd lecture.
        float[] w = [-3f, 1f], x = [2f, 0f];
        const float bias = 6.8813735870195432f;

        var ws = w.Select(v => new Value(v)).ToArray();
        var xs = x.Select(v => new Value(v)).ToArray();
        var bs = new Value(bias);
        var ys = (ws[0] * xs[0] + ws[1] * xs[1] + bs).Tanh();
        ys.Backward();

        var wt = Parameter(w);
        var xt = Parameter(x);
        var bt = Parameter(bias);
        var yt = ((wt * xt).Sum() + bt).Tanh();
        yt.Backward();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(yt.Item(), Is.EqualTo(ys.Data).Within(Tolerance));
            for (var i = 0; i < 2; i++)
            {
                Assert.That(GradOf(wt, i), Is.EqualTo(ws[i].Grad).Within(Tolerance), $"dy/dw{i}");
                Assert.That(GradOf(xt, i), Is.EqualTo(xs[i].Grad).Within(Tolerance), $"dy/dx{i}");
            }
            Assert.That(GradOf(bt), Is.EqualTo(bs.Grad).Within(Tolerance));
        }
    }

    private static IEnumerable<TestCaseData> ElementwiseCases()
    {
        yield return Case("relu of positive", v => v.Relu(), t => t.Relu(), 1.7);
        yield return Case("relu of negative", v => v.Relu(), t => t.Relu(), -0.6);
        yield return Case("exp then log", v => v.Exp().Log() * v, t => t.Exp().Log() * t, 0.9);
        yield return Case("log", v => v.Log(), t => t.Log(), 2.3);
        yield return Case("pow 3", v => v.Pow(3), t => t.Pow(3), -1.2);
        yield return Case("pow -2", v => v.Pow(-2), t => t.Pow(-2), 0.8);
        yield return Case("divide", v => (v + 1) / (v * v + 2), t => (t + 1) / (t * t + 2), 0.4);
        yield return Case("subtract and negate", v => -(v - 3) * v, t => -(t - 3) * t, 1.5);
        yield return Case("tanh", v => (v * 2).Tanh(), t => (t * 2).Tanh(), 0.3);

        static TestCaseData Case(string name, Func<Value, Value> scalar, Func<Tensor, Tensor> tensor, double at) =>
            new TestCaseData(scalar, tensor, at).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(ElementwiseCases))]
    public void ElementwiseExpressionAgrees(Func<Value, Value> scalar, Func<Tensor, Tensor> tensor, double at)
    {
        var xs = new Value(at);
        var ys = scalar(xs);
        ys.Backward();

        var xt = Parameter((float)at);
        var yt = tensor(xt);
        yt.Backward();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(yt.Item(), Is.EqualTo(ys.Data).Within(Tolerance).Percent);
            Assert.That(GradOf(xt), Is.EqualTo(xs.Grad).Within(Tolerance).Percent);
        }
    }

    /// <summary>
    /// A 2-3-1 tanh MLP with a squared-error loss over four points, once as scalars in loops and once as
    /// matrices: same loss, same gradient for every weight.
    /// </summary>
    [Test]
    public void TinyMlpForwardAndBackwardAgree()
    {
        var generator = new Generator(7);
        var w1 = Tensor.Randn([2, 3], generator).RequireGrad();
        var b1 = Tensor.Randn([3], generator).RequireGrad();
        var w2 = Tensor.Randn([3, 1], generator).RequireGrad();
        var b2 = Tensor.Randn([1], generator).RequireGrad();
        float[,] points = { { 2f, 3f }, { 3f, -1f }, { 0.5f, 1f }, { 1f, 1f } };
        float[] targets = [1f, -1f, -1f, 1f];

        var hidden = Tensor.FromArray(points).MatMul(w1) + b1;
        var prediction = hidden.Tanh().MatMul(w2) + b2;
        var tensorLoss = (prediction - Tensor.FromArray(targets, 4, 1)).Pow(2).Sum();
        tensorLoss.Backward();

        var sw1 = ToValues(w1);
        var sb1 = ToValues(b1);
        var sw2 = ToValues(w2);
        var sb2 = ToValues(b2);
        Value scalarLoss = 0;
        for (var n = 0; n < targets.Length; n++)
        {
            Value output = sb2[0];
            for (var j = 0; j < 3; j++)
            {
                var activation = sb1[j] + sw1[0 * 3 + j] * points[n, 0] + sw1[1 * 3 + j] * points[n, 1];
                output += activation.Tanh() * sw2[j];
            }
            scalarLoss += (output - targets[n]).Pow(2);
        }
        scalarLoss.Backward();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(tensorLoss.Item(), Is.EqualTo(scalarLoss.Data).Within(1e-4));
            AssertGradsAgree(w1, sw1, "w1");
            AssertGradsAgree(b1, sb1, "b1");
            AssertGradsAgree(w2, sw2, "w2");
            AssertGradsAgree(b2, sb2, "b2");
        }
    }

    private static Value[] ToValues(Tensor t) => t.ToArray().Select(v => new Value(v)).ToArray();

    private static void AssertGradsAgree(Tensor tensor, Value[] scalars, string name)
    {
        var grads = tensor.Grad!.ToArray();
        for (var i = 0; i < scalars.Length; i++)
        {
            Assert.That(grads[i], Is.EqualTo(scalars[i].Grad).Within(1e-4), $"{name}[{i}]");
        }
    }
}

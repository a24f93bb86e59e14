using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// Whole computations built from many ops: the chain rule across op boundaries, shared subexpressions,
/// and parameters used in broadcast positions.
/// </summary>
[OnEveryBackend]
public class CompositeGradientTests(IBackend backend) : BackendFixture(backend)
{
    [Test]
    public void TwoLayerPerceptronWithCrossEntropyLoss()
    {
        // x (4,3) → tanh(x W1 + b1) (4,5) → logits (4,2); loss = mean(logsumexp(logits) − logit of the class).
        var generators = new TensorGenerators(1);
        var x = generators.Create([4, 3]);
        var w1 = generators.Create([3, 5]);
        var b1 = generators.Create([5]);
        var w2 = generators.Create([5, 2]);
        var b2 = generators.Create([2]);
        int[] classes = [1, 0, 1, 1];

        GradientChecker.Check(inputs =>
        {
            var hidden = (inputs[0].MatMul(inputs[1]) + inputs[2]).Tanh();
            var logits = hidden.MatMul(inputs[3]) + inputs[4];
            return (logits.LogSumExp(1) - logits.Gather(1, classes).Squeeze(1)).Mean();
        }, x, w1, b1, w2, b2);
    }

    [Test]
    public void PerceptronOnNonContiguousParameters([Values] Layout layout)
    {
        var generators = new TensorGenerators(2);
        var x = generators.Create([3, 4], Distribution.Normal, layout);
        var w = generators.Create([4, 2], Distribution.Normal, layout);
        var b = generators.Create([2], Distribution.Normal, layout);

        GradientChecker.Check(inputs => (inputs[0].MatMul(inputs[1]) + inputs[2]).Sigmoid().Sum(), x, w, b);
    }

    [Test]
    public void SoftmaxFromExpAndSum()
    {
        var logits = new TensorGenerators(3).Create([3, 4]);

        GradientChecker.Check(inputs =>
        {
            var shifted = inputs[0] - inputs[0].Max(1, keepDims: true);
            var exps = shifted.Exp();
            return exps / exps.Sum(1, keepDims: true);
        }, logits);
    }

    [Test]
    public void LayerNormalization()
    {
        // (x − mean) / sqrt(var + ε): mean and variance depend on every element of the row.
        var x = new TensorGenerators(4).Create([3, 5]);

        GradientChecker.Check(inputs =>
        {
            var centered = inputs[0] - inputs[0].Mean(-1, keepDims: true);
            var variance = (centered * centered).Mean(-1, keepDims: true);
            return centered / (variance + 1e-5f).Sqrt();
        }, x);
    }
}

using DeepLearning.NN;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// Every layer and loss, gradient-checked by central differences through its input and through each of its
/// parameters. The primitives are checked on their own elsewhere; here the point is that each layer wires
/// them together correctly (a transposed weight, a broadcast bias, statistics shared across a batch).
/// Sizes stay tiny: the checker runs two forward passes for every element.
/// </summary>
public class LayerGradientTests
{
    /// <summary>Checks dL/d(input) and dL/d(every parameter) of <paramref name="module"/>.</summary>
    private static void CheckModule(Module module, Tensor input) =>
        // The checker nudges the parameters' storage in place, so the module reads the nudged values itself.
        GradientChecker.Check(inputs => module.Forward(inputs[0]), [input, .. module.Parameters()]);

    /// <summary>Replaces a parameter's values (γ = 1, β = 0 by default would hide a wrong broadcast).</summary>
    private static void Randomize(Tensor parameter, TensorGenerators generators) =>
        parameter.CopyFrom(generators.Create(parameter.Shape));

    [Test]
    public void LinearOnAMatrix() =>
        CheckModule(new Linear(4, 3, new Generator(1)), new TensorGenerators(1).Create([5, 4]));

    [Test]
    public void LinearOnASequenceBatchWithoutBias() =>
        // (B, T, in): the weight is shared across the leading axes, so its gradient sums over them.
        CheckModule(new Linear(4, 3, new Generator(2), bias: false), new TensorGenerators(2).Create([2, 3, 4]));

    [Test]
    public void Conv2dOnANonSquareImage([Values(1, 2)] int stride, [Values(0, 1)] int padding)
    {
        // 5×6 images: the two output sizes differ, so a swapped height and width would show.
        var convolution = new Conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, new Generator(3), stride, padding);

        CheckModule(convolution, new TensorGenerators(3).Create([2, 2, 5, 6]));
    }

    [Test]
    public void MaxPool2d([Values(2, 3)] int kernel)
    {
        // Distinct values 0.1 apart: no ties, and no ε-nudge can change which element is the maximum.
        // Kernel 3 with the default stride 3 on 6×7 drops the last column, which must get zero gradient.
        var images = new TensorGenerators(4).Create([2, 2, 6, 7], Distribution.Distinct);

        CheckModule(new MaxPool2d(kernel), images);
    }

    [Test]
    public void MaxPool2dWithOverlappingWindows()
    {
        // Kernel 3, stride 2: a pixel can be the maximum of two windows and collects both gradients.
        CheckModule(new MaxPool2d(3, stride: 2), new TensorGenerators(5).Create([1, 2, 5, 7], Distribution.Distinct));
    }

    [Test]
    public void AvgPool2d([Values(0, 1)] int padding) =>
        CheckModule(new AvgPool2d(3, stride: 2, padding: padding), new TensorGenerators(6).Create([2, 2, 5, 6]));

    [Test]
    public void BatchNorm1dInTrainingMode()
    {
        // In training the batch mean and variance depend on every row, so each output depends on every input.
        var generators = new TensorGenerators(7);
        var norm = new BatchNorm1d(3);
        Randomize(norm.Weight, generators);
        Randomize(norm.Bias, generators);

        CheckModule(norm, generators.Create([5, 3]));
    }

    [Test]
    public void BatchNorm2dInTrainingMode()
    {
        var generators = new TensorGenerators(8);
        var norm = new BatchNorm2d(2);
        Randomize(norm.Weight, generators);
        Randomize(norm.Bias, generators);

        CheckModule(norm, generators.Create([2, 2, 3, 3]));
    }

    [Test]
    public void BatchNorm1dInEvaluationMode()
    {
        // With running statistics the layer is an affine map per feature.
        var generators = new TensorGenerators(9);
        var norm = new BatchNorm1d(3);
        norm.RunningMean.CopyFrom(Tensor.FromArray(0.5f, -1f, 2f));
        norm.RunningVariance.CopyFrom(Tensor.FromArray(0.25f, 4f, 1.5f));
        Randomize(norm.Weight, generators);
        norm.Eval();

        CheckModule(norm, generators.Create([4, 3]));
    }

    [Test]
    public void LayerNorm()
    {
        var generators = new TensorGenerators(10);
        var norm = new LayerNorm(4);
        Randomize(norm.Weight, generators);
        Randomize(norm.Bias, generators);

        CheckModule(norm, generators.Create([2, 3, 4]));
    }

    [Test]
    public void EmbeddingThroughItsWeight()
    {
        // Token 2 appears twice and token 0 twice: their rows must collect both gradients; row 4 is unused.
        var embedding = new Embedding(count: 5, dimension: 3, new Generator(11));
        var ids = Tensor.FromArray([0f, 2f, 2f, 1f, 0f, 3f], 2, 3);

        GradientChecker.Check(_ => embedding.Forward(ids), embedding.Weight);
    }

    private static IEnumerable<TestCaseData> Activations()
    {
        // Inputs away from 0, further than the checker's ε: ReLU and LeakyReLU have a kink there.
        yield return new TestCaseData(new ReLU()).SetArgDisplayNames("ReLU");
        yield return new TestCaseData(new LeakyReLU(0.1f)).SetArgDisplayNames("LeakyReLU");
        yield return new TestCaseData(new GELU()).SetArgDisplayNames("GELU");
        yield return new TestCaseData(new Tanh()).SetArgDisplayNames("Tanh");
        yield return new TestCaseData(new Sigmoid()).SetArgDisplayNames("Sigmoid");
        yield return new TestCaseData(new Softmax()).SetArgDisplayNames("Softmax over the last axis");
        yield return new TestCaseData(new Softmax(axis: 0)).SetArgDisplayNames("Softmax over the first axis");
    }

    [TestCaseSource(nameof(Activations))]
    public void Activation(Module activation) =>
        CheckModule(activation, new TensorGenerators(12).Create([3, 4], Distribution.AwayFromZero));

    [Test]
    public void LogSoftmax([Values(0, 1, -1)] int axis) =>
        GradientChecker.Check(inputs => Functional.LogSoftmax(inputs[0], axis), new TensorGenerators(13).Create([3, 4]));

    [Test]
    public void MultiHeadSelfAttention([Values] bool causal)
    {
        // B = 2, T = 3, E = 4, two heads of size 2: the four projections and the attention between them.
        var attention = new MultiHeadSelfAttention(embedDimension: 4, heads: 2, new Generator(14), causal);

        CheckModule(attention, new TensorGenerators(14).Create([2, 3, 4]));
    }

    [Test]
    public void SmallConvolutionalNetworkEndToEnd()
    {
        // The layers chained, so that the gradient crosses every layer boundary, ending in a loss.
        var generator = new Generator(15);
        var network = new Sequential(
            new Conv2d(1, 2, 3, generator, padding: 1), new BatchNorm2d(2), new Tanh(), new AvgPool2d(2),
            new Flatten(), new Linear(2 * 2 * 3, 3, generator));
        var images = new TensorGenerators(15).Create([3, 1, 4, 6]);

        GradientChecker.Check(inputs => Losses.CrossEntropy(network.Forward(inputs[0]), [2, 0, 1]), [images, .. network.Parameters()]);
    }

    [Test]
    public void CrossEntropy([Values(0f, 0.1f)] float labelSmoothing) =>
        GradientChecker.Check(inputs => Losses.CrossEntropy(inputs[0], [1, 0, 3], labelSmoothing), new TensorGenerators(16).Create([3, 4]));

    [Test]
    public void NllLoss() =>
        // Any scores will do for the gradient: NLL only picks and averages.
        GradientChecker.Check(inputs => Losses.NllLoss(inputs[0], [2, 2, 0]), new TensorGenerators(17).Create([3, 4]));

    [Test]
    public void MeanSquaredErrorThroughPredictionsAndTargets()
    {
        var generators = new TensorGenerators(18);

        GradientChecker.Check(inputs => Losses.MeanSquaredError(inputs[0], inputs[1]), generators.Create([3, 2]), generators.Create([3, 2]));
    }

    [Test]
    public void BinaryCrossEntropyWithLogitsThroughLogitsAndTargets()
    {
        // max(z,0) + log(1 + e^-|z|) = log(1 + e^z) is smooth at 0, so plain normal logits are fine.
        var generators = new TensorGenerators(19);
        var targets = Tensor.Rand([2, 3], new Generator(19));

        GradientChecker.Check(inputs => Losses.BinaryCrossEntropyWithLogits(inputs[0], inputs[1]), generators.Create([2, 3]), targets);
    }
}

using DeepLearning.Models;
using DeepLearning.NN;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// What every module shares: parameters found by dotted name through nested containers, the parameter
/// count, a state dict with the buffers in it, loading one back (and refusing a wrong one with a single
/// message that lists every problem), and input-shape errors that say what was expected.
/// </summary>
public class ModuleTests
{
    [Test]
    public void NestedSequentialNamesParametersByTheirPathInTheModuleTree()
    {
        var generator = new Generator(1);
        var model = new Sequential(
            new Linear(3, 4, generator), new ReLU(), new Linear(4, 4, generator),
            new Sequential(new LayerNorm(4), new MultiHeadSelfAttention(4, heads: 2, generator)));

        var names = model.NamedParameters().Select(named => named.Name);

        // ReLU (index 1) has no parameters; the inner Sequential's children get a second index.
        Assert.That(names, Is.EqualTo(new[]
        {
            "0.weight", "0.bias", "2.weight", "2.bias", "3.0.weight", "3.0.bias",
            "3.1.query.weight", "3.1.query.bias", "3.1.key.weight", "3.1.key.bias",
            "3.1.value.weight", "3.1.value.bias", "3.1.output.weight", "3.1.output.bias",
        }));
        Assert.That(model.Parameters(), Has.All.Matches<Tensor>(parameter => parameter.RequiresGrad && parameter.IsLeaf));
    }

    [Test]
    public void ParameterCountOfTheCourseModels()
    {
        // MLP: 784·256 + 256 + 256·128 + 128 + 128·10 + 10 = 200,704 + 256 + 32,768 + 128 + 1,280 + 10.
        Assert.That(FashionMnistModels.Mlp(new Generator(2)).ParameterCount, Is.EqualTo(235_146));
        // CNN: conv 1·32·9 + 32 = 320; conv 32·64·9 + 64 = 18,496; linear 64·7·7·128 + 128 = 401,536;
        // linear 128·10 + 10 = 1,290. Pooling, ReLU and Flatten have none.
        Assert.That(FashionMnistModels.Cnn(new Generator(2)).ParameterCount, Is.EqualTo(320 + 18_496 + 401_536 + 1_290));
    }

    [Test]
    public void StateDictHoldsTheParametersThenTheBatchNormBuffers()
    {
        var model = new Sequential(new Linear(2, 3, new Generator(3)), new BatchNorm1d(3));

        var names = model.StateDict().Select(named => named.Name);

        Assert.That(names, Is.EqualTo(new[] { "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var" }));
        // The buffers are state, not trainable: they are not parameters and take no gradient.
        Assert.That(model.NamedParameters().Select(named => named.Name), Has.None.StartsWith("1.running"));
        Assert.That(model.ParameterCount, Is.EqualTo(2 * 3 + 3 + 3 + 3));
    }

    private static Sequential SmallNetwork(ulong seed) =>
        new(new Linear(4, 3, new Generator(seed)), new BatchNorm1d(3), new ReLU(), new Linear(3, 2, new Generator(seed + 100)));

    [Test]
    public void LoadStateDictCopiesEveryParameterAndBufferIntoAnotherInstance()
    {
        var source = SmallNetwork(seed: 4);
        source.Forward(Tensor.Randn([6, 4], new Generator(5))); // moves the running statistics off 0 and 1
        var target = SmallNetwork(seed: 6);

        target.LoadStateDict(source.StateDict().ToDictionary(named => named.Name, named => named.Tensor));

        source.Eval();
        target.Eval();
        var input = Tensor.Randn([3, 4], new Generator(7));
        Assert.That(target.Forward(input).ToArray(), Is.EqualTo(source.Forward(input).ToArray()));
        var (name, sourceMean) = source.StateDict().Single(named => named.Name == "1.running_mean");
        Assert.That(target.StateDict().Single(named => named.Name == name).Tensor.ToArray(), Is.EqualTo(sourceMean.ToArray()));

        // Copied, not shared: changing the source afterwards leaves the target alone.
        var before = target.StateDict().First().Tensor.ToArray();
        source.StateDict().First().Tensor.Fill(42f);
        Assert.That(target.StateDict().First().Tensor.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void LoadStateDictListsEveryMissingUnexpectedAndMisShapedNameInOneMessage()
    {
        var model = new Sequential(new Linear(2, 3, new Generator(8)), new BatchNorm1d(3));
        var state = model.StateDict().ToDictionary(named => named.Name, named => Tensor.Full(named.Tensor.Shape, 7f));
        state.Remove("0.bias");
        state["1.weight"] = Tensor.Ones(4);
        state["2.weight"] = Tensor.Ones(1);
        var weightBefore = ((Linear)model.Layers[0]).Weight.ToArray();

        Assert.That(() => model.LoadStateDict(state), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
            "load_state_dict: the state does not fit this Sequential: " +
            "missing '0.bias' (expected shape (3)); " +
            "'1.weight' has shape (4), but the module expects (3); " +
            "unexpected '2.weight'"));
        // All or nothing: the names that did fit were not loaded either.
        Assert.That(((Linear)model.Layers[0]).Weight.ToArray(), Is.EqualTo(weightBefore));
    }

    [Test]
    public void LinearRejectsAnInputWithTheWrongFeatureCount()
    {
        var linear = new Linear(4, 3, new Generator(10));

        Assert.That(() => linear.Forward(Tensor.Zeros(2, 5)),
            Throws.ArgumentException.With.Message.EqualTo("Linear(4 → 3): input of shape (2,5) must end in 4 features"));
        Assert.That(() => linear.Forward(Tensor.Scalar(1f)),
            Throws.ArgumentException.With.Message.EqualTo("Linear(4 → 3): input of shape () must end in 4 features"));
    }

    [Test]
    public void Conv2dRejectsAnInputThatIsNotImagesWithItsChannelCount()
    {
        var convolution = new Conv2d(1, 2, 3, new Generator(11), stride: 2, padding: 1);
        const string Expected = "Conv2d(1 → 2, kernel 3, stride 2, padding 1): expects input of shape (N, 1, H, W), got ";

        // The usual slips: three channels given to a grey-image layer, and a batch axis forgotten.
        Assert.That(() => convolution.Forward(Tensor.Zeros(2, 3, 5, 5)), Throws.ArgumentException.With.Message.EqualTo(Expected + "(2,3,5,5)"));
        Assert.That(() => convolution.Forward(Tensor.Zeros(1, 5, 5)), Throws.ArgumentException.With.Message.EqualTo(Expected + "(1,5,5)"));
    }

    [Test]
    public void Conv2dRejectsAKernelLargerThanThePaddedImage() =>
        Assert.That(() => new Conv2d(1, 2, 5, new Generator(12)).Forward(Tensor.Zeros(1, 1, 3, 3)),
            Throws.ArgumentException.With.Message.EqualTo("conv2d: a 5x5 kernel does not fit images of shape (1,1,3,3) with padding 0"));

    [Test]
    public void AttentionRejectsAWrongEmbeddingSizeAndHeadCount()
    {
        Assert.That(() => new MultiHeadSelfAttention(4, heads: 2, new Generator(13)).Forward(Tensor.Zeros(2, 3, 5)),
            Throws.ArgumentException.With.Message.EqualTo("MultiHeadSelfAttention: expects input of shape (B, T, 4), got (2,3,5)"));
        Assert.That(() => new MultiHeadSelfAttention(6, heads: 4, new Generator(13)),
            Throws.ArgumentException.With.Message.EqualTo("MultiHeadSelfAttention: embedding dimension 6 must be a multiple of the head count 4"));
    }

    [Test]
    public void ModuleZeroGradForgetsEveryParametersGradient()
    {
        var model = SmallNetwork(seed: 14);
        model.Forward(Tensor.Randn([5, 4], new Generator(14))).Sum().Backward();
        Assert.That(model.Parameters().Select(parameter => parameter.Grad), Has.All.Not.Null);

        model.ZeroGrad();

        Assert.That(model.Parameters().Select(parameter => parameter.Grad), Has.All.Null);
    }
}

using System.Text.Json;
using DeepLearning.Backends;
using DeepLearning.NN;
using DeepLearning.Optim;

namespace DeepLearning.Tests.GoldenTests;

/// <summary>
/// The engine against values computed by PyTorch 1.13 (make_golden.py beside this file wrote golden.json;
/// PyTorch is not needed to run these tests). Each case reads its inputs from the JSON, runs the same
/// computation here, and compares outputs and gradients, on every backend.
/// </summary>
[TestFixtureSource(nameof(Backends))]
public sealed class GoldenValueTests(string backendName)
{
    private const float Tolerance = 2e-4f;
    private static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "golden.json"))).RootElement;
    private IDisposable? _backend;

    public static IEnumerable<string> Backends => ["reference", "fast-cpu"];

    [SetUp]
    public void UseBackend() => _backend = Device.Cpu.UseBackend(backendName == "reference" ? Backend.Reference : Backend.FastCpu);

    [TearDown]
    public void RestoreBackend() => _backend?.Dispose();

    [Test]
    public void Conv2d_with_stride_and_padding_matches_pytorch()
    {
        var c = Golden.GetProperty("conv2d");
        var conv = new Conv2d(3, 4, 3, new Generator(0), stride: c.GetProperty("stride").GetInt32(), padding: c.GetProperty("padding").GetInt32());
        conv.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = Read(c, "weight"), ["bias"] = Read(c, "bias") });
        var x = Read(c, "x").RequireGrad();

        var output = conv.Forward(x);
        (output * Read(c, "r")).Sum().Backward();

        AssertClose(output, c, "out");
        AssertClose(x.Grad!, c, "grad_x");
        AssertClose(conv.Weight.Grad!, c, "grad_weight");
        AssertClose(conv.Bias!.Grad!, c, "grad_bias");
    }

    [Test]
    public void Max_pooling_matches_pytorch()
    {
        var c = Golden.GetProperty("max_pool2d");
        var x = Read(c, "x").RequireGrad();
        var output = new MaxPool2d(c.GetProperty("kernel").GetInt32()).Forward(x);
        (output * Read(c, "r")).Sum().Backward();

        AssertClose(output, c, "out");
        AssertClose(x.Grad!, c, "grad_x");
    }

    [Test]
    public void Average_pooling_with_padding_matches_pytorch()
    {
        var c = Golden.GetProperty("avg_pool2d");
        var x = Read(c, "x").RequireGrad();
        var pool = new AvgPool2d(c.GetProperty("kernel").GetInt32(), c.GetProperty("stride").GetInt32(), c.GetProperty("padding").GetInt32());
        var output = pool.Forward(x);
        (output * Read(c, "r")).Sum().Backward();

        AssertClose(output, c, "out");
        AssertClose(x.Grad!, c, "grad_x");
    }

    [Test]
    public void Cross_entropy_with_label_smoothing_matches_pytorch()
    {
        var c = Golden.GetProperty("cross_entropy");
        var logits = Read(c, "logits").RequireGrad();
        var targets = c.GetProperty("targets").EnumerateArray().Select(v => v.GetInt32()).ToArray();

        var loss = Losses.CrossEntropy(logits, targets, c.GetProperty("label_smoothing").GetSingle());
        loss.Backward();

        Assert.That(loss.Item(), Is.EqualTo(c.GetProperty("loss").GetSingle()).Within(Tolerance));
        AssertClose(logits.Grad!, c, "grad_logits");
    }

    [Test]
    public void Binary_cross_entropy_with_logits_matches_pytorch_for_large_scores()
    {
        var c = Golden.GetProperty("bce_with_logits");
        var logits = Read(c, "logits").RequireGrad();

        var loss = Losses.BinaryCrossEntropyWithLogits(logits, Read(c, "targets"));
        loss.Backward();

        Assert.That(loss.Item(), Is.EqualTo(c.GetProperty("loss").GetSingle()).Within(Tolerance));
        AssertClose(logits.Grad!, c, "grad_logits");
    }

    [Test]
    public void Layer_norm_then_gelu_matches_pytorch()
    {
        var c = Golden.GetProperty("layer_norm_gelu");
        var norm = new LayerNorm(5);
        norm.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = Read(c, "weight"), ["bias"] = Read(c, "bias") });
        var x = Read(c, "x").RequireGrad();

        var output = Functional.Gelu(norm.Forward(x));
        (output * Read(c, "r")).Sum().Backward();

        AssertClose(output, c, "out");
        AssertClose(x.Grad!, c, "grad_x");
        AssertClose(norm.Weight.Grad!, c, "grad_weight");
        AssertClose(norm.Bias.Grad!, c, "grad_bias");
    }

    [Test]
    public void Batch_norm_in_training_mode_matches_pytorch_including_running_statistics()
    {
        var c = Golden.GetProperty("batch_norm2d_train");
        var norm = new BatchNorm2d(3);
        var x = Read(c, "x").RequireGrad();

        var output = norm.Forward(x);
        (output * Read(c, "r")).Sum().Backward();

        AssertClose(output, c, "out");
        AssertClose(x.Grad!, c, "grad_x");
        AssertClose(norm.RunningMean, c, "running_mean");
        AssertClose(norm.RunningVariance, c, "running_var");
    }

    [TestCase("sgd_nesterov")]
    [TestCase("adam")]
    [TestCase("adamw")]
    public void Three_optimizer_steps_match_pytorch(string name)
    {
        var c = Golden.GetProperty(name);
        var parameter = Read(c, "start").RequireGrad();
        Optimizer optimizer = name switch
        {
            "sgd_nesterov" => new Sgd([parameter], 0.1f, momentum: 0.9f, nesterov: true, weightDecay: 0.01f),
            "adam" => new Adam([parameter], 0.01f, weightDecay: 0.1f),
            _ => new AdamW([parameter], 0.01f, weightDecay: 0.1f),
        };
        foreach (var grad in c.GetProperty("grads").EnumerateArray())
        {
            parameter.Grad = ReadTensor(grad);
            optimizer.Step();
        }

        AssertClose(parameter, c, "end");
    }

    private static Tensor Read(JsonElement testCase, string name) => ReadTensor(testCase.GetProperty(name));

    private static Tensor ReadTensor(JsonElement tensor) => Tensor.FromArray(
        tensor.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
        tensor.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray());

    private static void AssertClose(Tensor actual, JsonElement testCase, string name)
    {
        var expected = Read(testCase, name);
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"{name}: shape");
        var actualValues = actual.ToArray();
        var expectedValues = expected.ToArray();
        for (var i = 0; i < expectedValues.Length; i++)
        {
            var allowed = Tolerance * (1 + Math.Abs(expectedValues[i]));
            Assert.That(actualValues[i], Is.EqualTo(expectedValues[i]).Within(allowed), $"{name}[{i}] (flat index) differs from PyTorch");
        }
    }
}

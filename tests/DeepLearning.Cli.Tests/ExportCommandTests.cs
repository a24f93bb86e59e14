using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.Serialization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DeepLearning.Cli.Tests;

/// <summary>
/// <c>dlc export</c> end to end: a model trained by <c>dlc train</c> (one epoch on the embedded subset), written as
/// ONNX, loaded by ONNX Runtime and run on the whole embedded test set from raw pixels in [0, 1], must give the
/// engine's logits (which see the standardised images) within 1e-4, and so the same predicted class for every image.
/// </summary>
public sealed class ExportCommandTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("dlc-export-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase("mlp")]
    [TestCase("cnn")]
    public void An_exported_model_gives_the_engines_logits_in_onnx_runtime(string modelName)
    {
        Assert.That(CliRunner.Run("train", "--model", modelName, "--epochs", "1", "--seed", "3", "--out", _folder).ExitCode, Is.EqualTo(0));

        var export = CliRunner.Run("export", _folder);

        Assert.That(export.ExitCode, Is.EqualTo(0), export.Output);
        Assert.That(export.Output, Does.Contain("ONNX opset 13"));
        var engineLogits = EngineLogits(modelName);
        var onnxLogits = OnnxRuntimeLogits(Path.Combine(_folder, "model.onnx"));
        Assert.That(onnxLogits, Has.Length.EqualTo(engineLogits.Length));
        var largestDifference = engineLogits.Zip(onnxLogits, (a, b) => Math.Abs(a - b)).Max();
        TestContext.Out.WriteLine($"{modelName}: {engineLogits.Length / 10} images, largest logit difference {largestDifference:E2}");
        Assert.That(largestDifference, Is.LessThanOrEqualTo(1e-4f), "largest logit difference, engine vs ONNX Runtime");
        Assert.That(PredictedClasses(onnxLogits), Is.EqualTo(PredictedClasses(engineLogits)));
    }

    [Test]
    public void Export_of_a_folder_without_a_run_says_what_is_missing()
    {
        var result = CliRunner.Run("export", _folder);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Output, Does.Contain($"error: {Path.Combine(_folder, "metrics.json")} is missing: export reads a run folder written by dlc train"));
        Assert.That(result.Output, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.GetFiles(_folder), Is.Empty, "nothing written");
    }

    private float[] EngineLogits(string modelName)
    {
        var model = FashionMnistModels.Create(modelName, new Generator(0));
        model.LoadStateDict(Safetensors.Load(Path.Combine(_folder, "model.safetensors")));
        model.Eval();
        var test = FashionMnist.LoadEmbedded(FashionMnist.Standardization).Test;
        using var _ = Autograd.NoGrad();
        return model.Forward(Tensor.FromArray(test.Features.ToArray(), test.Count, 1, 28, 28)).ToArray();
    }

    private static float[] OnnxRuntimeLogits(string path)
    {
        var test = FashionMnist.LoadEmbedded(PixelNormalization.UnitRange).Test;
        using var session = new InferenceSession(path);
        var pixels = new DenseTensor<float>(test.Features.ToArray(), [test.Count, 1, 28, 28]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("pixels", pixels)]);
        return results.Single(result => result.Name == "logits").AsTensor<float>().ToArray();
    }

    private static int[] PredictedClasses(float[] logits) =>
        logits.Chunk(10).Select(row => Array.IndexOf(row, row.Max())).ToArray();
}

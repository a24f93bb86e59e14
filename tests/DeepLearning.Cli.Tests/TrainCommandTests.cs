using System.Text.Json;
using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.Serialization;
using DeepLearning.Training;

namespace DeepLearning.Cli.Tests;

/// <summary>End-to-end runs of <c>dlc train</c> on the embedded subset, one epoch each to stay quick.</summary>
public sealed class TrainCommandTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("dlc-train-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void A_run_writes_metrics_confusion_matrix_checkpoint_and_an_offline_report()
    {
        var result = CliRunner.Run("train", "--epochs", "1", "--seed", "1", "--out", _folder);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
        Assert.That(result.Output, Does.Contain("embedded subset"));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "metrics.json")));
        var root = metrics.RootElement;
        var testAccuracy = root.GetProperty("test_accuracy").GetDouble();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("epochs").GetArrayLength(), Is.EqualTo(1));
            Assert.That(root.GetProperty("seed").GetUInt64(), Is.EqualTo(1));
            Assert.That(root.GetProperty("wall_time_seconds").GetDouble(), Is.GreaterThan(0));
            // One epoch on 6000 images: far above chance (0.1), far from perfect.
            Assert.That(testAccuracy, Is.InRange(0.6, 0.95));
            Assert.That(File.ReadAllLines(Path.Combine(_folder, "confusion_matrix.csv")), Has.Length.EqualTo(11));
            var report = File.ReadAllText(Path.Combine(_folder, "report.html"));
            Assert.That(report, Does.Contain("plotly.js v"), "plotly.js must be embedded");
            Assert.That(report, Does.Not.Match("<script[^>]*src="), "the report must load no script from elsewhere");
            Assert.That(Directory.GetFiles(_folder, "*.tmp"), Is.Empty);
        });

        // The checkpoint restores a model that scores exactly what the run reported.
        var model = FashionMnistModels.Mlp(new Generator(99));
        model.LoadStateDict(Safetensors.Load(Path.Combine(_folder, "model.safetensors")));
        var data = FashionMnist.LoadEmbedded(FashionMnist.Standardization);
        Assert.That(Evaluation.Evaluate(model, data.Test).Accuracy, Is.EqualTo(testAccuracy));

        // The manifest names what reproduces the run: the data's hash is the one of the data the run read.
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "manifest.json")));
        var fields = manifest.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(fields.EnumerateObject().Select(field => field.Name),
                Is.EqualTo(new[] { "commit", "seed", "data_source", "data_sha256", "backend", "threads", "packages" }));
            Assert.That(fields.GetProperty("commit").GetString(), Does.Match("^([0-9a-f]{40}|unknown)$"));
            Assert.That(fields.GetProperty("seed").GetUInt64(), Is.EqualTo(1));
            Assert.That(fields.GetProperty("data_source").GetString(), Is.EqualTo(data.Source));
            Assert.That(fields.GetProperty("data_sha256").GetString(), Is.EqualTo(RunManifest.Sha256(data.Train, data.Test)));
            Assert.That(fields.GetProperty("backend").GetString(), Is.EqualTo("fast-cpu"));
            Assert.That(fields.GetProperty("threads").GetInt32(), Is.EqualTo(Environment.ProcessorCount));
            Assert.That(fields.GetProperty("packages").EnumerateObject().Select(package => package.Name), Is.SupersetOf(new[] { ".NET", "DeepLearning.Engine", "ILGPU" }));
        });
    }

    [Test]
    public void The_same_seed_gives_identical_losses()
    {
        var first = Path.Combine(_folder, "first");
        var second = Path.Combine(_folder, "second");
        Assert.That(CliRunner.Run("train", "--epochs", "1", "--seed", "7", "--out", first).ExitCode, Is.EqualTo(0));
        Assert.That(CliRunner.Run("train", "--epochs", "1", "--seed", "7", "--out", second).ExitCode, Is.EqualTo(0));

        Assert.That(EpochLosses(second), Is.EqualTo(EpochLosses(first)));
        Assert.That(File.ReadAllText(Path.Combine(second, "manifest.json")), Is.EqualTo(File.ReadAllText(Path.Combine(first, "manifest.json"))),
            "the same run twice must write the same manifest");
    }

    [TestCase("--epochs", "0", "--epochs must be a positive integer, got 0")]
    [TestCase("--model", "rnn", "--model must be one of mlp, cnn, got 'rnn'")]
    [TestCase("--lr", "-1", "--lr must be a positive number, got -1")]
    [TestCase("--optimizer", "rmsprop", "--optimizer must be adam or sgd, got 'rmsprop'")]
    [TestCase("--schedule", "linear", "--schedule must be cosine or constant, got 'linear'")]
    [TestCase("--data", "/no/such/folder", "--data: '/no/such/folder' is neither embedded, auto, nor an existing folder")]
    public void Bad_options_get_a_clear_message_and_a_pointer_to_the_usage_but_no_stack_trace(string option, string value, string message)
    {
        var result = CliRunner.Run("train", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.EqualTo(0));
            Assert.That(result.Output, Does.Contain(message));
            Assert.That(result.Output, Does.Contain("dlc train --help"));
            Assert.That(result.Output, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void An_unknown_option_or_a_non_number_is_rejected_clearly()
    {
        foreach (var arguments in new[] { new[] { "train", "--colour", "red" }, ["train", "--epochs", "ten"] })
        {
            var result = CliRunner.Run(arguments);
            Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.Output);
            Assert.That(result.Output, Does.Contain("error:").And.Not.Contain("   at "), result.Output);
        }
    }

    [Test]
    public void A_data_folder_without_the_idx_files_names_the_missing_file()
    {
        var result = CliRunner.Run("train", "--data", _folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.EqualTo(0));
            Assert.That(result.Output, Does.Contain("error:").And.Contain("train-images-idx3-ubyte").And.Contain(Path.GetFileName(_folder)));
            Assert.That(result.Output, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void Help_lists_every_option()
    {
        var result = CliRunner.Run("train", "--help");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        foreach (var option in new[] { "--model", "--epochs", "--batch-size", "--lr", "--optimizer", "--schedule", "--seed", "--data", "--out", "--backend" })
        {
            Assert.That(result.Output, Does.Contain(option));
        }
    }

    private static double[] EpochLosses(string folder)
    {
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        return metrics.RootElement.GetProperty("epochs").EnumerateArray().Select(epoch => epoch.GetProperty("train_loss").GetDouble()).ToArray();
    }
}

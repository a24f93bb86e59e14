using System.Text.Json;

namespace DeepLearning.Cli.Tests;

/// <summary>
/// <c>dlc step-timing</c> on the CNN, as the GPU check runs it, on ILGPU's CPU accelerator (no GPU here): the
/// convolution, pooling, loss and Adam on the GPU backend must give the fast CPU backend's losses.
/// </summary>
public sealed class StepTimingCommandTests
{
    [Test]
    public void The_cnn_steps_on_the_gpu_backend_give_the_cpu_backends_losses()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("dlc-step-timing-").FullName, "step-timing.json");
        try
        {
            var result = CliRunner.Run("step-timing", "--model", "cnn", "--batch-size", "2", "--steps", "1", "--warmup", "2", "--out", file);

            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
            Assert.That(result.Output, Does.Contain("(tolerance 1E-004): agree").And.Not.Contain("[green]"), "the verdict, rendered rather than its markup");
            using var figures = JsonDocument.Parse(File.ReadAllText(file));
            var root = figures.RootElement;
            var cpu = root.GetProperty("cpu_losses").EnumerateArray().Select(loss => loss.GetDouble()).ToArray();
            var gpu = root.GetProperty("gpu_losses").EnumerateArray().Select(loss => loss.GetDouble()).ToArray();
            Assert.That(cpu, Has.Length.EqualTo(2).And.All.InRange(0.5, 5.0), "cross-entropy of 10 classes near the start: about ln 10");
            Assert.That(gpu, Is.EqualTo(cpu).Within(1e-4));
            Assert.That(root.GetProperty("losses_agree").GetBoolean(), Is.True);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}

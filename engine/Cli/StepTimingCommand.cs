using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using DeepLearning.Backends;
using DeepLearning.Data;
using DeepLearning.Gpu.Backend;
using DeepLearning.Models;
using DeepLearning.NN;
using DeepLearning.Optim;
using DeepLearning.Serialization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeepLearning.Cli;

/// <summary>
/// <c>dlc step-timing</c>: one training step (forward, cross-entropy, backward, Adam) of a Fashion-MNIST model,
/// timed on the fast CPU backend and on the GPU backend in the same run, from the same seed and the same
/// batches. It also compares the two backends' losses over the first steps: the GPU backend must train the
/// same model, not just a fast one.
/// </summary>
internal sealed class StepTimingCommand : Command<StepTimingCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--model <NAME>")]
        [Description("mlp or cnn (default mlp).")]
        public string Model { get; init; } = "mlp";

        [CommandOption("--batch-size <N>")]
        [Description("Images a step (default 512).")]
        public int BatchSize { get; init; } = 512;

        [CommandOption("--steps <N>")]
        [Description("Timed steps on each backend, after the warm-up (default 50).")]
        public int Steps { get; init; } = 50;

        [CommandOption("--warmup <N>")]
        [Description("Untimed steps first (kernel compilation, memory pools; default 5). Their losses are the ones compared.")]
        public int Warmup { get; init; } = 5;

        [CommandOption("--tolerance <X>")]
        [Description("Largest allowed |loss_gpu - loss_cpu| over the warm-up steps (default 1e-4).")]
        public float Tolerance { get; init; } = 1e-4f;

        [CommandOption("--out <FILE>")]
        [Description("Also write the figures as JSON to this file.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            !FashionMnistModels.Names.Contains(Model) ? ValidationResult.Error($"--model must be one of {string.Join(", ", FashionMnistModels.Names)}, got '{Model}'")
            : BatchSize <= 0 || Steps <= 0 || Warmup <= 0 ? ValidationResult.Error("--batch-size, --steps and --warmup must be positive integers")
            : !(Tolerance > 0) ? ValidationResult.Error("--tolerance must be a positive number")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var gpu = GpuDevice.Open();
        var data = FashionMnist.LoadEmbedded(FashionMnist.Standardization);
        AnsiConsole.MarkupLineInterpolated($"[bold]Step timing[/]: {settings.Model}, batch {settings.BatchSize}, Adam; {settings.Warmup} warm-up + {settings.Steps} timed steps on each backend");
        AnsiConsole.MarkupLineInterpolated($"CPU: fast backend, {Environment.ProcessorCount} threads; GPU: {gpu.Describe()}");

        using var fastCpu = Device.Cpu.UseBackend(Backend.FastCpu);
        var cpu = Run(Device.Cpu, settings, data.Train);
        var onGpu = Run(gpu, settings, data.Train);

        var lossDifference = cpu.Losses.Zip(onGpu.Losses, (a, b) => Math.Abs(a - b)).Max();
        var ratio = onGpu.MedianMilliseconds / cpu.MedianMilliseconds;
        var table = new Table().AddColumns("backend", "median ms/step", "mean ms/step", "images/s");
        foreach (var (name, run) in new[] { ("fast-cpu", cpu), ($"gpu ({gpu.Name})", onGpu) })
        {
            table.AddRow(name, $"{run.MedianMilliseconds:F3}", $"{run.MeanMilliseconds:F3}", $"{settings.BatchSize / (run.MedianMilliseconds / 1000):N0}");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"gpu / fast-cpu step time (medians): {ratio:F3}");
        AnsiConsole.MarkupLineInterpolated($"losses over the {settings.Warmup} warm-up steps, cpu: {string.Join(", ", cpu.Losses.Select(l => l.ToString("F6")))}");
        AnsiConsole.MarkupLineInterpolated($"losses over the {settings.Warmup} warm-up steps, gpu: {string.Join(", ", onGpu.Losses.Select(l => l.ToString("F6")))}");
        var agree = lossDifference <= settings.Tolerance;
        // The verdict is markup; MarkupLineInterpolated would escape it and print the tags.
        var verdict = agree ? "[green]agree[/]" : "[red]DISAGREE[/]";
        AnsiConsole.MarkupLine(Markup.Escape($"largest loss difference {lossDifference:E2} (tolerance {settings.Tolerance:E0}): ") + verdict);
        AnsiConsole.MarkupLineInterpolated($"transfers on {gpu.Name}: {gpu.Transfers}");

        if (settings.Out is { } path)
        {
            var figures = new
            {
                model = settings.Model, batch_size = settings.BatchSize, steps = settings.Steps, warmup = settings.Warmup,
                cpu_threads = Environment.ProcessorCount, device = gpu.Describe(),
                fast_cpu_median_ms = cpu.MedianMilliseconds, fast_cpu_mean_ms = cpu.MeanMilliseconds,
                gpu_median_ms = onGpu.MedianMilliseconds, gpu_mean_ms = onGpu.MeanMilliseconds,
                gpu_over_fast_cpu_step_time = ratio,
                cpu_losses = cpu.Losses, gpu_losses = onGpu.Losses, largest_loss_difference = lossDifference, tolerance = settings.Tolerance,
                losses_agree = agree,
            };
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
        }
        return agree ? 0 : 1;
    }

    private sealed record StepRun(double[] Losses, double MedianMilliseconds, double MeanMilliseconds);

    /// <summary>Warm-up steps (their losses kept), then timed steps; each step ends by reading the loss, which waits for the device.</summary>
    private static StepRun Run(Device device, Settings settings, Dataset train)
    {
        var model = FashionMnistModels.Create(settings.Model, new Generator(0));
        model.To(device);
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        var batches = new DataLoader(train, settings.BatchSize, shuffle: true, generator: new Generator(1), dropLast: true).ToList();
        var losses = new List<double>();
        var times = new List<double>();
        for (var step = 0; step < settings.Warmup + settings.Steps; step++)
        {
            var (inputs, labels) = batches[step % batches.Count];
            var clock = Stopwatch.StartNew();
            optimizer.ZeroGrad();
            var loss = Losses.CrossEntropy(model.Forward(inputs.To(device)), labels);
            loss.Backward();
            optimizer.Step();
            var value = loss.Item();
            clock.Stop();
            if (step < settings.Warmup)
            {
                losses.Add(value);
            }
            else
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        return new StepRun([.. losses], times[times.Count / 2], times.Average());
    }
}

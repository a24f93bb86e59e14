using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLearning.Benchmarks;

/// <summary>Everything one run measured, written as benchmark.json (figures for machines) and benchmark.md (tables for people).</summary>
internal sealed class BenchmarkReport
{
    public MachinePeak Peak { get; set; } = null!;

    public List<MatMulResult> MatMul { get; set; } = [];

    public List<LadderResult> MatMulLadder { get; set; } = [];

    public List<TrainingResult> Training { get; set; } = [];

    public List<LayerTiming> Layers { get; set; } = [];

    /// <summary>The CNN's floating-point operations in one training epoch (every image forward and backward), from the per-layer counts.</summary>
    private double CnnEpochFlop => LayerBenchmark.FlopPerImage(Layers.Where(row => row.Framework == "engine")) * TrainingImages;

    private const int TrainingImages = 60_000;

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "benchmark.json"), Json().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var markdown = Markdown();
        File.WriteAllText(Path.Combine(folder, "benchmark.md"), markdown);
        // The ratios once more on the console: the figures a reader of the run wants first.
        Console.WriteLine();
        Console.WriteLine(markdown[markdown.IndexOf("## Ratios", StringComparison.Ordinal)..].TrimEnd());
        Console.WriteLine();
        Console.WriteLine($"Wrote {Path.Combine(folder, "benchmark.json")} and benchmark.md");
    }

    private double Gflops(int size, string implementation, int threads) =>
        MatMul.FirstOrDefault(r => r.Size == size && r.Implementation == implementation && r.Threads == threads)?.Gflops ?? double.NaN;

    /// <summary>A framework's fastest epoch of a model, with the largest peak memory of all its runs of that model.</summary>
    private TrainingResult? Run(string model, string framework)
    {
        var runs = Training.Where(r => r.Model == model && r.Framework == framework).ToList();
        return runs.Count == 0 ? null : runs.MinBy(r => r.Seconds)! with { PeakResidentMib = runs.Max(r => r.PeakResidentMib) };
    }

    /// <summary>The headline ratios, each beside the raw figures it is computed from, then every measurement.</summary>
    private JsonObject Json()
    {
        var json = new JsonObject
        {
            ["command"] = "bash tests/Benchmarks/run.sh",
            ["date_utc"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ["machine"] = MachinePeak.Describe(),
            ["fp32_peak_formula_gflops"] = Round(Peak.FormulaGflops),
            ["fp32_peak_measured_gflops_1t"] = Round(Peak.MeasuredGflops1Thread),
            ["fp32_peak_measured_gflops_2t"] = Round(Peak.MeasuredGflops2Threads),
        };
        foreach (var threads in new[] { 2, 1 })
        {
            var (engine, torch) = (Gflops(1024, "fast-cpu", threads), Gflops(1024, "libtorch", threads));
            if (double.IsNaN(engine) || double.IsNaN(torch))
            {
                continue; // --sizes left 1024 out: there is no headline ratio (and JSON has no NaN)
            }
            json[$"matmul_1024_{threads}t_gflops_ratio"] = Round(engine / torch);
            json[$"matmul_1024_{threads}t_gflops_engine"] = Round(engine);
            json[$"matmul_1024_{threads}t_gflops_libtorch"] = Round(torch);
        }
        foreach (var model in new[] { "mlp", "cnn" })
        {
            if (Run(model, "engine") is not { } engine || Run(model, "libtorch") is not { } torch)
            {
                continue;
            }
            json[$"{model}_epoch_time_ratio"] = Round(engine.Seconds / torch.Seconds);
            json[$"{model}_epoch_seconds_engine"] = Round(engine.Seconds);
            json[$"{model}_epoch_seconds_libtorch"] = Round(torch.Seconds);
            json[$"{model}_peak_memory_ratio"] = Round(engine.PeakResidentMib / torch.PeakResidentMib);
            json[$"{model}_peak_memory_mib_engine"] = Round(engine.PeakResidentMib);
            json[$"{model}_peak_memory_mib_libtorch"] = Round(torch.PeakResidentMib);
        }
        if (Layers.Count > 0 && Run("cnn", "engine") is { } cnnEngine && Run("cnn", "libtorch") is { } cnnTorch)
        {
            json["cnn_epoch_tflop"] = Round(CnnEpochFlop / 1e12);
            json["cnn_epoch_gflops_engine"] = Round(CnnEpochFlop / cnnEngine.Seconds / 1e9);
            json["cnn_epoch_gflops_libtorch"] = Round(CnnEpochFlop / cnnTorch.Seconds / 1e9);
            json["cnn_epoch_percent_of_peak_engine"] = Round(100 * CnnEpochFlop / cnnEngine.Seconds / 1e9 / Peak.MeasuredGflops2Threads);
            json["cnn_epoch_percent_of_peak_libtorch"] = Round(100 * CnnEpochFlop / cnnTorch.Seconds / 1e9 / Peak.MeasuredGflops2Threads);
        }
        json["cnn_layers"] = JsonSerializer.SerializeToNode(Layers);
        json["matmul"] = JsonSerializer.SerializeToNode(MatMul);
        json["matmul_versions"] = JsonSerializer.SerializeToNode(MatMulLadder);
        json["training_runs"] = JsonSerializer.SerializeToNode(Training);
        return json;
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Engine vs libtorch, side by side").AppendLine();
        md.AppendLine($"Measured by `bash tests/Benchmarks/run.sh` on {DateTime.UtcNow:yyyy-MM-dd} (UTC): {MachinePeak.Describe()}.").AppendLine();
        md.AppendLine($"fp32 peak: {Peak}. Percentages below are of the measured peak at the same thread count.").AppendLine();

        md.AppendLine("## Matrix product, float32, C = A B (GFLOPS = 2n³ / best time)").AppendLine();
        md.AppendLine("| n | reference, 1 thread | fast-cpu, 1 thread | libtorch, 1 thread | fast-cpu / libtorch, 1 thread | fast-cpu, 2 threads | libtorch, 2 threads | fast-cpu / libtorch, 2 threads |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in MatMul.Select(r => r.Size).Distinct())
        {
            string Cell(string implementation, int threads)
            {
                var row = MatMul.First(r => r.Size == size && r.Implementation == implementation && r.Threads == threads);
                return $"{row.Gflops:F1} ({row.PercentOfPeak:F0} %)";
            }
            md.AppendLine($"| {size} | {Cell("reference", 1)} | {Cell("fast-cpu", 1)} | {Cell("libtorch", 1)} | {Gflops(size, "fast-cpu", 1) / Gflops(size, "libtorch", 1):F2} " +
                $"| {Cell("fast-cpu", 2)} | {Cell("libtorch", 2)} | {Gflops(size, "fast-cpu", 2) / Gflops(size, "libtorch", 2):F2} |");
        }
        md.AppendLine().AppendLine("The reference backend is one plain loop nest on one thread by definition, so it has no 2-thread figure.").AppendLine();

        md.AppendLine($"## Chapter 9: the five matrix-product versions at n = {MatMulLadder.FirstOrDefault()?.Size}").AppendLine();
        md.AppendLine("| version | threads | GFLOPS | time | max abs. difference from the reference backend |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var row in MatMulLadder)
        {
            md.AppendLine($"| {row.Version} | {row.Threads} | {row.Gflops:F2} | {row.Seconds * 1000:F1} ms | {row.MaxAbsoluteError:E1} |");
        }
        md.AppendLine();

        md.AppendLine("## One Fashion-MNIST training epoch (60 000 images, batch 128, Adam lr 0.001, 2 threads)").AppendLine();
        md.AppendLine($"Runs alternate engine, libtorch, engine, ... ({TrainingRun.RunsPerModel("mlp")} rounds for the MLP, {TrainingRun.RunsPerModel("cnn")} for the CNN), each in its own process; " +
            "the ratios below use each framework's fastest epoch and its largest peak memory. Every run:").AppendLine();
        md.AppendLine("| model | framework | epoch time | images/s | peak RSS of the run | epoch loss | epoch accuracy | .NET GC pauses (full collections) | CPU used by other processes meanwhile |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Training)
        {
            md.AppendLine($"| {row.Model} | {row.Framework} | {row.Seconds:F2} s | {row.ImagesPerSecond:N0} | {row.PeakResidentMib:F0} MiB | {row.Loss:F4} | {row.Accuracy:P1} " +
                $"| {row.GcPauseSeconds:F2} s ({row.FullCollections}) | {row.BackgroundCpuSeconds:F1} s |");
        }
        md.AppendLine();
        AppendLayers(md);
        md.AppendLine("## Ratios (engine / libtorch)").AppendLine();
        md.AppendLine("| figure | engine | libtorch | ratio | target |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var size in MatMul.Select(r => r.Size).Distinct())
        {
            if (!double.IsNaN(Gflops(size, "fast-cpu", 2) / Gflops(size, "libtorch", 2)))
            {
                md.AppendLine($"| matmul {size}, 2 threads, GFLOPS | {Gflops(size, "fast-cpu", 2):F1} | {Gflops(size, "libtorch", 2):F1} | {Gflops(size, "fast-cpu", 2) / Gflops(size, "libtorch", 2):F2} | ≥ 1.00 |");
            }
        }
        foreach (var (model, timeTarget, memoryTarget) in new[] { ("mlp", "≤ 0.60", "≤ 1.00"), ("cnn", "≤ 0.70", "≤ 1.00") })
        {
            if (Run(model, "engine") is { } engine && Run(model, "libtorch") is { } torch)
            {
                md.AppendLine($"| {model} epoch time, s | {engine.Seconds:F2} | {torch.Seconds:F2} | {engine.Seconds / torch.Seconds:F2} | {timeTarget} |");
                md.AppendLine($"| {model} peak memory, MiB | {engine.PeakResidentMib:F0} | {torch.PeakResidentMib:F0} | {engine.PeakResidentMib / torch.PeakResidentMib:F2} | {memoryTarget} |");
            }
        }
        return md.ToString();
    }

    /// <summary>The CNN layer by layer, and the epoch's work against the machine's peak.</summary>
    private void AppendLayers(StringBuilder md)
    {
        if (Layers.Count == 0)
        {
            return;
        }
        md.AppendLine($"## The CNN layer by layer (one batch of {LayerBenchmark.Batch}, 2 threads, the fastest of several runs)").AppendLine();
        md.AppendLine("GFLOP counts 2 per multiply-add (convolutions and linear layers; the first layer's backward computes dW only, its input needs no gradient). " +
            "GFLOPS = GFLOP / time of the engine.").AppendLine();
        md.AppendLine("| # | layer | GFLOP forward | engine forward | libtorch forward | GFLOP backward | engine backward | libtorch backward | engine / libtorch, forward + backward |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        var engineRows = Layers.Where(row => row.Framework == "engine").ToList();
        var torchRows = Layers.Where(row => row.Framework == "libtorch").ToList();
        static string Time(double ms, double gflop) => gflop > 0 ? $"{ms:F2} ms ({gflop / ms * 1e3:F0} GFLOPS)" : $"{ms:F2} ms";
        foreach (var engine in engineRows)
        {
            var torch = torchRows.First(row => row.Index == engine.Index);
            md.AppendLine($"| {engine.Index} | {engine.Layer} | {engine.ForwardGflop:F3} | {Time(engine.ForwardMs, engine.ForwardGflop)} | {Time(torch.ForwardMs, engine.ForwardGflop)} " +
                $"| {engine.BackwardGflop:F3} | {Time(engine.BackwardMs, engine.BackwardGflop)} | {Time(torch.BackwardMs, engine.BackwardGflop)} " +
                $"| {(engine.ForwardMs + engine.BackwardMs) / (torch.ForwardMs + torch.BackwardMs):F2} |");
        }
        double engineTotal = engineRows.Sum(r => r.ForwardMs + r.BackwardMs), torchTotal = torchRows.Sum(r => r.ForwardMs + r.BackwardMs);
        md.AppendLine($"| | all layers | {engineRows.Sum(r => r.ForwardGflop):F3} | {engineRows.Sum(r => r.ForwardMs):F2} ms | {torchRows.Sum(r => r.ForwardMs):F2} ms " +
            $"| {engineRows.Sum(r => r.BackwardGflop):F3} | {engineRows.Sum(r => r.BackwardMs):F2} ms | {torchRows.Sum(r => r.BackwardMs):F2} ms | {engineTotal / torchTotal:F2} |");
        md.AppendLine();
        var fusedRows = Layers.Where(row => row.Framework == "engine-fused").ToList();
        if (fusedRows.Count > 0)
        {
            md.AppendLine("Training runs each convolution block as one op: `Sequential` fuses Conv2d → ReLU → MaxPool2d (`Tensor.Conv2dReluMaxPool2d`), " +
                "so the rows above, each module timed alone, add up to more than a training step spends on them. The blocks as training runs them, against libtorch's three layers:").AppendLine();
            md.AppendLine("| # | block | engine forward | libtorch forward (3 layers) | engine backward | libtorch backward (3 layers) | engine / libtorch, forward + backward |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
            foreach (var fused in fusedRows)
            {
                var torch = torchRows.Where(row => row.Index >= fused.Index && row.Index < fused.Index + 3).ToList();
                double torchForward = torch.Sum(r => r.ForwardMs), torchBackward = torch.Sum(r => r.BackwardMs);
                md.AppendLine($"| {fused.Index}-{fused.Index + 2} | {fused.Layer} | {Time(fused.ForwardMs, fused.ForwardGflop)} | {torchForward:F2} ms " +
                    $"| {Time(fused.BackwardMs, fused.BackwardGflop)} | {torchBackward:F2} ms | {(fused.ForwardMs + fused.BackwardMs) / (torchForward + torchBackward):F2} |");
            }
            md.AppendLine();
        }
        if (Run("cnn", "engine") is { } engineEpoch && Run("cnn", "libtorch") is { } torchEpoch)
        {
            double Gflops(TrainingResult run) => CnnEpochFlop / run.Seconds / 1e9;
            md.AppendLine($"One CNN epoch does {CnnEpochFlop / 1e12:F2} TFLOP ({LayerBenchmark.FlopPerImage(engineRows) / 1e6:F1} MFLOP a training image, {TrainingImages:N0} images). " +
                $"The engine's fastest epoch reaches {Gflops(engineEpoch):F1} GFLOPS ({100 * Gflops(engineEpoch) / Peak.MeasuredGflops2Threads:F0} % of the measured 2-thread peak), " +
                $"libtorch's {Gflops(torchEpoch):F1} GFLOPS ({100 * Gflops(torchEpoch) / Peak.MeasuredGflops2Threads:F0} %).").AppendLine();
        }
    }

    private static double Round(double value) => Math.Round(value, 3);
}

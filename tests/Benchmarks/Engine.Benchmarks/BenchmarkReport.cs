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
        md.AppendLine("## Ratios (engine / libtorch)").AppendLine();
        md.AppendLine("| figure | engine | libtorch | ratio | target |");
        md.AppendLine("|---|---:|---:|---:|---|");
        if (!double.IsNaN(Gflops(1024, "fast-cpu", 2) / Gflops(1024, "libtorch", 2)))
        {
            md.AppendLine($"| matmul 1024, 2 threads, GFLOPS | {Gflops(1024, "fast-cpu", 2):F1} | {Gflops(1024, "libtorch", 2):F1} | {Gflops(1024, "fast-cpu", 2) / Gflops(1024, "libtorch", 2):F2} | ≥ 0.90 |");
        }
        foreach (var (model, target) in new[] { ("mlp", "≤ 1.00"), ("cnn", "≤ 1.50") })
        {
            if (Run(model, "engine") is { } engine && Run(model, "libtorch") is { } torch)
            {
                md.AppendLine($"| {model} epoch time, s | {engine.Seconds:F2} | {torch.Seconds:F2} | {engine.Seconds / torch.Seconds:F2} | {target} |");
                md.AppendLine($"| {model} peak memory, MiB | {engine.PeakResidentMib:F0} | {torch.PeakResidentMib:F0} | {engine.PeakResidentMib / torch.PeakResidentMib:F2} | {(model == "mlp" ? "≤ 1.00" : "—")} |");
            }
        }
        return md.ToString();
    }

    private static double Round(double value) => Math.Round(value, 3);
}

using System.Diagnostics;
using System.Text.Json;

namespace DeepLearning.Benchmarks;

/// <summary>The figures of one training epoch, measured in its own process.</summary>
internal sealed record TrainingResult(
    string Framework, string Model, int Threads, int Batches, double Seconds, double ImagesPerSecond,
    double PeakResidentMib, double Loss, double Accuracy, double GcPauseSeconds, int FullCollections, double BackgroundCpuSeconds);

/// <summary>
/// One epoch of Fashion-MNIST training, identical for both frameworks: the model of
/// <c>DeepLearning.Models.FashionMnistModels</c>, Adam (lr 0.001), batches of 128 in a shuffled order,
/// cross-entropy, and per batch the loss read back and the predictions counted (what <c>dlc train</c> does).
/// Both read the same standardised pixels through the engine's IDX loader, and both first run
/// <see cref="WarmUpBatches"/> untimed batches (JIT compilation, first allocations). Each run is its own child
/// process, so that its peak resident memory (VmHWM) is that of this training alone.
/// </summary>
internal sealed record TrainingRun(string Framework, string Model, string Data, int BatchSize = 128, int Threads = 2)
{
    public const int WarmUpBatches = 5;
    public const string ResultMarker = "RESULT ";

    public static TrainingRun Parse(string[] args)
    {
        string Value(string name) => args[Array.IndexOf(args, name) + 1];
        return new TrainingRun(Value("--framework"), Value("--model"), Value("--data"));
    }

    /// <summary>
    /// Every training run: for each model, <see cref="RunsPerModel"/> rounds of (engine, libtorch), alternating so
    /// that a burst of load from another process on the machine spoils one run of each rather than all runs of one.
    /// Each run starts once the machine is idle; the report takes each framework's fastest epoch and its largest peak
/// memory, and every run is kept in the JSON with the CPU time other processes used while it ran.
    /// </summary>
    public static List<TrainingResult> RunAll(BenchmarkOptions options)
    {
        if (!File.Exists(Path.Combine(options.Data, "train-images-idx3-ubyte.gz")) && !File.Exists(Path.Combine(options.Data, "train-images-idx3-ubyte")))
        {
            throw new FileNotFoundException(
                $"benchmark: Fashion-MNIST is not in {options.Data}; install it with `apt-get install dataset-fashion-mnist` or pass --data FOLDER");
        }
        var results = new List<TrainingResult>();
        foreach (var model in options.Models)
        {
            for (var round = 0; round < RunsPerModel(model); round++)
            {
                foreach (var framework in new[] { "engine", "libtorch" })
                {
                    MachineLoad.WaitUntilIdle();
                    var result = RunInChildProcess(new TrainingRun(framework, model, options.Data));
                    results.Add(result);
                    Console.WriteLine(
                        $"{model} epoch, {framework,-8}: {result.Seconds,6:F2} s ({result.ImagesPerSecond:N0} img/s), peak RSS {result.PeakResidentMib:F0} MiB, " +
                        $"loss {result.Loss:F4}, accuracy {result.Accuracy:P1}, .NET GC pauses {result.GcPauseSeconds:F2} s ({result.FullCollections} full), " +
                        $"other processes' CPU meanwhile {result.BackgroundCpuSeconds:F1} s");
                }
            }
        }
        return results;
    }

    /// <summary>Three rounds of the seconds-long MLP epochs, two of the CNN's (half a minute each).</summary>
    public static int RunsPerModel(string model) => model == "mlp" ? 3 : 2;

    private static TrainingResult RunInChildProcess(TrainingRun run)
    {
        // This program again, with the same host: `dotnet engine-benchmarks.dll train ...` or the apphost.
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TrainingRun).Assembly.Location);
        }
        foreach (var argument in new[] { "train", "--framework", run.Framework, "--model", run.Model, "--data", run.Data })
        {
            start.ArgumentList.Add(argument);
        }
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(ResultMarker));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"benchmark: the {run.Framework} {run.Model} run failed (exit code {child.ExitCode}):\n{output}");
        }
        return JsonSerializer.Deserialize<TrainingResult>(line[ResultMarker.Length..])!;
    }
}

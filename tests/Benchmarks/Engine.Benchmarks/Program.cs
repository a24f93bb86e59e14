using System.Text.Json;
using DeepLearning.Benchmarks;

// engine-benchmarks                  every measurement, side by side; writes tests/Benchmarks/results/benchmark.{json,md}
// engine-benchmarks layers           the CNN layer by layer, engine and libtorch (the table's figures, printed)
// engine-benchmarks train ...        one training epoch in this process (the parent runs each one in its own
//                                    process, so that each run's peak memory is its own)
if (args.Length > 0 && args[0] == "layers")
{
    foreach (var row in LayerBenchmark.Run(threads: 2))
    {
        Console.WriteLine($"{row.Framework,-8} {row.Index,2} {row.Layer,-50} forward {row.ForwardMs,8:F2} ms  backward {row.BackwardMs,8:F2} ms");
    }
    return 0;
}
if (args.Length > 0 && args[0] == "train")
{
    var run = TrainingRun.Parse(args[1..]);
    var result = run.Framework == "libtorch" ? TorchTraining.RunEpoch(run) : EngineTraining.RunEpoch(run);
    Console.WriteLine(TrainingRun.ResultMarker + JsonSerializer.Serialize(result));
    return 0;
}

var options = BenchmarkOptions.Parse(args);
var report = new BenchmarkReport();
Console.WriteLine($"Machine: {MachinePeak.Describe()}");
report.Peak = MachinePeak.Measure();
Console.WriteLine($"fp32 peak: {report.Peak}");

report.MatMul = MatMulBenchmark.Run(options.MatMulSizes, report.Peak);
report.MatMulLadder = MatMulLadder.Run(options.LadderSize);
report.Training = TrainingRun.RunAll(options);
if (options.Models.Contains("cnn"))
{
    MachineLoad.WaitUntilIdle();
    report.Layers = LayerBenchmark.Run(threads: 2);
}

report.Write(options.OutputFolder);
return 0;

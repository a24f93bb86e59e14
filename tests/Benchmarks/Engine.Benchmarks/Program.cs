using System.Text.Json;
using DeepLearning.Benchmarks;

// engine-benchmarks                  every measurement, side by side; writes tests/Benchmarks/results/benchmark.{json,md}
// engine-benchmarks train ...        one training epoch in this process (the parent runs each one in its own
//                                    process, so that each run's peak memory is its own)
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

report.Write(options.OutputFolder);
return 0;

using DeepLearning.Backends;
using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.NN;
using DeepLearning.Optim;
using DeepLearning.Training;

namespace DeepLearning.Benchmarks;

/// <summary>One epoch with the engine on its default (fast) backend, through the same loop as <c>dlc train</c>.</summary>
internal static class EngineTraining
{
    public static TrainingResult RunEpoch(TrainingRun run)
    {
        using var backend = Device.Cpu.UseBackend(new FastCpuBackend(run.Threads));
        var train = FashionMnist.LoadFolder(run.Data, FashionMnist.Standardization).Train;
        var generator = new Generator(0);
        var model = FashionMnistModels.Create(run.Model, generator);
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        var loader = new DataLoader(train, run.BatchSize, shuffle: true, generator: generator);

        foreach (var (inputs, labels) in loader.Take(TrainingRun.WarmUpBatches))
        {
            optimizer.ZeroGrad();
            Losses.CrossEntropy(model.Forward(inputs), labels).Backward();
            optimizer.Step();
        }
        var gcPause = new GcPauseClock();
        var background = new BackgroundCpuClock();
        var fullCollections = GC.CollectionCount(2);
        var epoch = TrainingLoop.TrainEpoch(model, loader, optimizer);
        return new TrainingResult("engine", run.Model, run.Threads, loader.BatchCount, epoch.Seconds, epoch.ImagesPerSecond,
            Timing.PeakResidentMib(), epoch.Loss, epoch.Accuracy, gcPause.Elapsed, GC.CollectionCount(2) - fullCollections, background.Seconds);
    }
}

using System.Diagnostics;
using DeepLearning.Backends;
using DeepLearning.Data;
using DeepLearning.Gpu.Backend;
using DeepLearning.Models;
using DeepLearning.NN;
using DeepLearning.Optim;
using DeepLearning.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeepLearning.Cli.Train;

/// <summary>
/// <c>dlc train</c>: trains a Fashion-MNIST classifier with progress bars, evaluates it on the held-out test split
/// after every epoch, and writes a run folder (metrics, manifest, confusion matrix, checkpoint, HTML report).
/// </summary>
internal sealed class TrainCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var wallClock = Stopwatch.StartNew();
        // Each device brings its backend: the CPU's is chosen here, a GPU's comes with it.
        using var cpuBackend = Device.Cpu.UseBackend(settings.Backend == "reference" ? Backend.Reference : Backend.FastCpu);
        using var gpu = settings.Backend == "gpu" ? GpuDevice.Open() : null;
        if (gpu is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]Device[/]: {gpu.Describe()}");
        }
        var data = LoadData(settings.Data);
        AnsiConsole.MarkupLineInterpolated($"[bold]Data[/]: {data.Source}");

        var generator = new Generator(settings.Seed);
        var model = FashionMnistModels.Create(settings.Model, generator);
        // The weights are made on the host from the seed (the same on every backend), then moved; the optimizer
        // is made after the move, so that its state lives on the device too.
        model.To((Device?)gpu ?? Device.Cpu);
        var backendName = gpu is null ? Device.Cpu.Backend.Name : $"gpu ({gpu.Name})";
        Optimizer optimizer = settings.Optimizer == "sgd"
            ? new Sgd(model.Parameters(), settings.EffectiveLearningRate, momentum: 0.9f, nesterov: true)
            : new Adam(model.Parameters(), settings.EffectiveLearningRate);
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]Model[/]: {settings.Model}, {model.ParameterCount:N0} parameters; {settings.Optimizer} lr {settings.EffectiveLearningRate} ({settings.Schedule}), batch {settings.BatchSize}, seed {settings.Seed}, backend {backendName}");

        var loader = new DataLoader(data.Train, settings.BatchSize, shuffle: true, generator: generator);
        LearningRateSchedule? schedule = settings.Schedule == "cosine"
            ? new CosineWithWarmupSchedule(settings.EffectiveLearningRate, warmupSteps: 0, totalSteps: settings.Epochs * loader.BatchCount)
            : null;
        var history = TrainWithProgress(settings, model, optimizer, schedule, loader, data.Test);

        var final = Evaluation.Evaluate(model, data.Test);
        var confusion = new ConfusionMatrix(FashionMnist.ClassNames.Count, data.Test.Labels.ToArray(), final.Predictions);
        var metrics = new RunMetrics(settings.Model, model.ParameterCount, settings.Optimizer, settings.EffectiveLearningRate, settings.Schedule,
            settings.BatchSize, settings.Seed, backendName, data.Source, data.Train.Count, data.Test.Count, history,
            final.Accuracy, final.Loss, wallClock.Elapsed.TotalSeconds, FashionMnist.ClassNames, confusion.ToRows());

        // What it takes to rerun this run (chapter 11, section 11.9): code, seed, data and its hash, backend, threads, versions.
        var threads = Device.Cpu.Backend is FastCpuBackend fast ? fast.Threads : 1;
        var manifest = RunManifest.ToJson(RunManifest.CommitOf(typeof(TrainCommand).Assembly), settings.Seed, data.Source,
            RunManifest.Sha256(data.Train, data.Test), backendName, threads,
            RunManifest.VersionsOf(typeof(Tensor).Assembly, typeof(GpuDevice).Assembly, typeof(ILGPU.Context).Assembly));

        var folder = settings.Out ?? Path.Combine("runs", $"{settings.Model}-{DateTime.Now:yyyyMMdd-HHmmss}");
        RunFolder.Write(folder, metrics, manifest, model, data.Test, final.Predictions);
        AnsiConsole.MarkupLineInterpolated(
            $"Test accuracy [green]{final.Accuracy:P2}[/] on {data.Test.Count:N0} held-out images; wall time {wallClock.Elapsed.TotalSeconds:F1} s.");
        AnsiConsole.MarkupLineInterpolated($"Run folder: [link]{Path.GetFullPath(folder)}[/] (metrics.json, manifest.json, confusion_matrix.csv, model.safetensors, report.html)");
        if (gpu is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"Transfers between host and {gpu.Name}: {gpu.Transfers}");
        }
        return 0;
    }

    private static FashionMnistData LoadData(string source) => source switch
    {
        "embedded" => FashionMnist.LoadEmbedded(FashionMnist.Standardization),
        "auto" => FashionMnist.Load(null, FashionMnist.Standardization),
        _ => FashionMnist.LoadFolder(source, FashionMnist.Standardization),
    };

    private static List<EpochMetrics> TrainWithProgress(TrainSettings settings, Module model, Optimizer optimizer, LearningRateSchedule? schedule,
        DataLoader loader, Dataset test)
    {
        var history = new List<EpochMetrics>();
        void RunEpochs(Action<int, BatchProgress>? onBatch)
        {
            for (var epoch = 1; epoch <= settings.Epochs; epoch++)
            {
                var current = epoch;
                var summary = TrainingLoop.TrainEpoch(model, loader, optimizer, batch => onBatch?.Invoke(current, batch), schedule);
                var evaluation = Evaluation.Evaluate(model, test);
                history.Add(new EpochMetrics(epoch, summary.Loss, summary.Accuracy, evaluation.Loss, evaluation.Accuracy, summary.Seconds, summary.ImagesPerSecond));
                // One line an epoch (above the live bars on a terminal), so a log keeps the figures.
                AnsiConsole.MarkupLineInterpolated(
                    $"epoch {epoch,3}: train loss {summary.Loss:F4} acc {summary.Accuracy:P2} | test loss {evaluation.Loss:F4} acc {evaluation.Accuracy:P2} | {summary.Seconds:F1} s, {summary.ImagesPerSecond:N0} img/s");
            }
        }

        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            RunEpochs(null);
            return history;
        }
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var overall = progress.AddTask("all epochs", maxValue: settings.Epochs * loader.BatchCount);
                var task = progress.AddTask("epoch 1", maxValue: loader.BatchCount);
                RunEpochs((epoch, batch) =>
                {
                    task.Value = batch.Batch;
                    task.Description = $"epoch {epoch}/{settings.Epochs}  loss {batch.Loss:F4}  acc {batch.Accuracy:P1}  {batch.ImagesPerSecond:N0} img/s";
                    overall.Increment(1);
                });
            });
        return history;
    }
}

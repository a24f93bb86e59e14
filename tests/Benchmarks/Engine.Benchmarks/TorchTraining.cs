using System.Diagnostics;
using DeepLearning.Data;
using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace DeepLearning.Benchmarks;

/// <summary>
/// The same epoch with libtorch through TorchSharp: the same layers (PyTorch's default initialisation, as the
/// engine's), Adam, batch size and order of work per batch. Each batch's temporaries are freed by a dispose
/// scope, as TorchSharp recommends for training loops.
/// </summary>
internal static class TorchTraining
{
    public static TrainingResult RunEpoch(TrainingRun run)
    {
        set_num_threads(run.Threads);
        manual_seed(0);
        var train = FashionMnist.LoadFolder(run.Data, FashionMnist.Standardization).Train;
        using var images = tensor(train.Features.ToArray(), [train.Count, .. train.ItemShape]);
        using var labels = tensor(train.Labels.ToArray().Select(label => (long)label).ToArray(), [train.Count]);
        var model = Create(run.Model);
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var lossFunction = nn.CrossEntropyLoss();
        var batches = (train.Count + run.BatchSize - 1) / run.BatchSize;

        (double Loss, long Correct) Step(TorchTensor order, int batch)
        {
            using var scope = NewDisposeScope();
            var indices = order.narrow(0, batch * run.BatchSize, Math.Min(run.BatchSize, train.Count - batch * run.BatchSize));
            var (x, y) = (images.index_select(0, indices), labels.index_select(0, indices));
            optimizer.zero_grad();
            var logits = model.call(x);
            var loss = lossFunction.call(logits, y);
            loss.backward();
            optimizer.step();
            return (loss.item<float>() * y.shape[0], logits.argmax(1).eq(y).sum().item<long>());
        }

        using (var warmUpOrder = randperm(train.Count))
        {
            for (var batch = 0; batch < TrainingRun.WarmUpBatches; batch++)
            {
                Step(warmUpOrder, batch);
            }
        }
        var gcPause = new GcPauseClock();
        var background = new BackgroundCpuClock();
        var fullCollections = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        using var order = randperm(train.Count);
        double lossSum = 0;
        long correct = 0;
        for (var batch = 0; batch < batches; batch++)
        {
            var (loss, right) = Step(order, batch);
            lossSum += loss;
            correct += right;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new TrainingResult("libtorch", run.Model, run.Threads, batches, seconds, train.Count / seconds,
            Timing.PeakResidentMib(), lossSum / train.Count, (double)correct / train.Count, gcPause.Elapsed, GC.CollectionCount(2) - fullCollections, background.Seconds);
    }

    /// <summary>The two architectures of <c>FashionMnistModels</c>, layer for layer.</summary>
    private static nn.Module<TorchTensor, TorchTensor> Create(string model) => model switch
    {
        "mlp" => nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 256), nn.ReLU(),
            nn.Linear(256, 128), nn.ReLU(),
            nn.Linear(128, 10)),
        "cnn" => nn.Sequential(CnnLayers()),
        _ => throw new ArgumentException($"unknown model '{model}'"),
    };

    /// <summary>The CNN's layers, in order (the benchmark also times them one by one).</summary>
    public static nn.Module<TorchTensor, TorchTensor>[] CnnLayers() =>
    [
        nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
        nn.Linear(128, 10),
    ];
}

using System.Diagnostics;
using DeepLearning.Backends;
using DeepLearning.Data;
using DeepLearning.NN;
using DeepLearning.Optim;

namespace DeepLearning.Training;

/// <summary>Progress after one mini-batch: running means over the epoch so far.</summary>
public sealed record BatchProgress(int Batch, int BatchCount, double Loss, double Accuracy, double ImagesPerSecond);

/// <summary>One epoch's training figures.</summary>
public sealed record EpochSummary(double Loss, double Accuracy, double Seconds, double ImagesPerSecond);

public static class TrainingLoop
{
    /// <summary>
    /// One pass over the training data: for each mini-batch, forward, cross-entropy loss, backward, optimizer
    /// step (with the learning rate the schedule gives for that step, if there is one). Reports running loss
    /// and accuracy after each batch. After each step its activations are released and their memory reused
    /// (<see cref="Tensor.ReleaseGraph"/>): a module that keeps a tensor it computed in a step must keep Detach() of it.
    /// </summary>
    public static EpochSummary TrainEpoch(Module model, DataLoader loader, Optimizer optimizer, Action<BatchProgress>? onBatch = null,
        LearningRateSchedule? schedule = null)
    {
        model.Train();
        var device = model.Device;
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        int correct = 0, seen = 0, batch = 0;
        foreach (var (inputs, labels) in loader)
        {
            using var step = BufferPool.RecordRentals();
            optimizer.ZeroGrad();
            var logits = model.Forward(inputs.To(device));
            var loss = Losses.CrossEntropy(logits, labels);
            loss.Backward();
            schedule?.Apply(optimizer, optimizer.StepCount);
            optimizer.Step();

            lossSum += loss.Item() * labels.Length;
            correct += Evaluation.PredictedClasses(logits).Where((p, i) => p == labels[i]).Count();
            seen += labels.Length;
            // The step's activations are read for the last time: their arrays serve the next step.
            Tensor.ReleaseGraph(loss, step);
            onBatch?.Invoke(new BatchProgress(++batch, loader.BatchCount, lossSum / seen, (double)correct / seen, seen / clock.Elapsed.TotalSeconds));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new EpochSummary(lossSum / seen, (double)correct / seen, seconds, seen / seconds);
    }
}

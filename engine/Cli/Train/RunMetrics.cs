using System.Text.Json.Serialization;

namespace DeepLearning.Cli.Train;

/// <summary>One epoch's figures, as written to metrics.json.</summary>
internal sealed record EpochMetrics(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("train_accuracy")] double TrainAccuracy,
    [property: JsonPropertyName("test_loss")] double TestLoss,
    [property: JsonPropertyName("test_accuracy")] double TestAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("images_per_second")] double ImagesPerSecond);

/// <summary>Everything metrics.json holds about a training run.</summary>
internal sealed record RunMetrics(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("parameters")] int Parameters,
    [property: JsonPropertyName("optimizer")] string Optimizer,
    [property: JsonPropertyName("learning_rate")] float LearningRate,
    [property: JsonPropertyName("schedule")] string Schedule,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("train_examples")] int TrainExamples,
    [property: JsonPropertyName("test_examples")] int TestExamples,
    [property: JsonPropertyName("epochs")] IReadOnlyList<EpochMetrics> Epochs,
    [property: JsonPropertyName("test_accuracy")] double TestAccuracy,
    [property: JsonPropertyName("test_loss")] double TestLoss,
    [property: JsonPropertyName("wall_time_seconds")] double WallTimeSeconds,
    [property: JsonPropertyName("class_names")] IReadOnlyList<string> ClassNames,
    [property: JsonPropertyName("confusion_matrix")] int[][] ConfusionMatrix);

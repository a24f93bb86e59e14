using System.ComponentModel;
using System.Globalization;
using DeepLearning.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeepLearning.Cli.Train;

/// <summary>The options of <c>dlc train</c>; the defaults train the MLP on the embedded subset in seconds.</summary>
internal sealed class TrainSettings : CommandSettings
{
    [CommandOption("--model <NAME>")]
    [Description("mlp (784-256-128-10) or cnn (two conv blocks). Default: mlp.")]
    public string Model { get; init; } = "mlp";

    [CommandOption("--epochs <N>")]
    [Description("Passes over the training data. Default: 10.")]
    public int Epochs { get; init; } = 10;

    [CommandOption("--batch-size <N>")]
    [Description("Images per mini-batch. Default: 128.")]
    public int BatchSize { get; init; } = 128;

    [CommandOption("--lr <X>")]
    [Description("Learning rate. Default: 0.001 (Adam) or 0.05 (SGD).")]
    public float? LearningRate { get; init; }

    [CommandOption("--optimizer <NAME>")]
    [Description("adam or sgd (with Nesterov momentum 0.9). Default: adam.")]
    public string Optimizer { get; init; } = "adam";

    [CommandOption("--schedule <NAME>")]
    [Description("cosine (the learning rate decays to 0 along a half cosine over all steps) or constant. Default: cosine.")]
    public string Schedule { get; init; } = "cosine";

    [CommandOption("--seed <N>")]
    [Description("Seed for initialisation and shuffling: the same seed on the same machine gives the same losses. Default: 0.")]
    public ulong Seed { get; init; }

    [CommandOption("--data <SOURCE>")]
    [Description("embedded (the subset shipped in the repo), auto (Debian's dataset-fashion-mnist when installed, else embedded), or a folder with the four IDX files. Default: embedded.")]
    public string Data { get; init; } = "embedded";

    [CommandOption("--out <DIR>")]
    [Description("Run folder for metrics.json, the confusion matrix, the checkpoint and report.html. Default: runs/<model>-<time>.")]
    public string? Out { get; init; }

    [CommandOption("--backend <NAME>")]
    [Description("fast (SIMD, every core), reference (plain loops), or gpu (ILGPU: CUDA, else an OpenCL GPU, else ILGPU's CPU accelerator, which is slow). Default: fast.")]
    public string Backend { get; init; } = "fast";

    public float EffectiveLearningRate => LearningRate ?? (Optimizer == "sgd" ? 0.05f : 1e-3f);

    public override ValidationResult Validate()
    {
        string? problem =
            !FashionMnistModels.Names.Contains(Model) ? $"--model must be one of {string.Join(", ", FashionMnistModels.Names)}, got '{Model}'"
            : Epochs <= 0 ? $"--epochs must be a positive integer, got {Epochs}"
            : BatchSize <= 0 ? $"--batch-size must be a positive integer, got {BatchSize}"
            : LearningRate is { } lr && (!(lr > 0) || !float.IsFinite(lr)) ? $"--lr must be a positive number, got {lr.ToString(CultureInfo.InvariantCulture)}"
            : Optimizer is not ("adam" or "sgd") ? $"--optimizer must be adam or sgd, got '{Optimizer}'"
            : Schedule is not ("cosine" or "constant") ? $"--schedule must be cosine or constant, got '{Schedule}'"
            : Backend is not ("fast" or "reference" or "gpu") ? $"--backend must be fast, reference or gpu, got '{Backend}'"
            : Data is not ("embedded" or "auto") && !Directory.Exists(Data) ? $"--data: '{Data}' is neither embedded, auto, nor an existing folder"
            : null;
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }
}

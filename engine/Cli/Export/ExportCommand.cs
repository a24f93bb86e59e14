using System.ComponentModel;
using System.Text.Json;
using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.Serialization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeepLearning.Cli.Export;

internal sealed class ExportSettings : CommandSettings
{
    [CommandArgument(0, "<RUN_FOLDER>")]
    [Description("A run folder written by dlc train (model.safetensors and metrics.json).")]
    public string RunFolder { get; init; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("The format to write: onnx.")]
    [DefaultValue("onnx")]
    public string Format { get; init; } = "onnx";

    [CommandOption("--out <FILE>")]
    [Description("Where to write the model (default: RUN_FOLDER/model.onnx).")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        Format != "onnx" ? ValidationResult.Error($"--format must be onnx, got '{Format}'")
        : !Directory.Exists(RunFolder) ? ValidationResult.Error($"run folder '{RunFolder}' does not exist")
        : ValidationResult.Success();
}

/// <summary>dlc export: a trained run's model as ONNX, for ONNX Runtime (see <see cref="OnnxExport"/>).</summary>
internal sealed class ExportCommand : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var metricsPath = Path.Combine(settings.RunFolder, "metrics.json");
        var checkpointPath = Path.Combine(settings.RunFolder, "model.safetensors");
        foreach (var path in new[] { metricsPath, checkpointPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path} is missing: export reads a run folder written by dlc train");
            }
        }
        using var metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        var modelName = metrics.RootElement.TryGetProperty("model", out var name) ? name.GetString() : null;
        if (modelName is null || !FashionMnistModels.Names.Contains(modelName))
        {
            throw new InvalidDataException($"{metricsPath}: \"model\" must be one of {string.Join(", ", FashionMnistModels.Names)}");
        }
        var model = FashionMnistModels.Create(modelName, new Generator(0));
        model.LoadStateDict(Safetensors.Load(checkpointPath));
        var output = settings.Out ?? Path.Combine(settings.RunFolder, "model.onnx");
        OnnxExport.Write(model, FashionMnist.Standardization, output);
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]Exported[/] {modelName} ({model.ParameterCount:N0} parameters) to {output}: ONNX opset {OnnxExport.Opset}, input 'pixels' (N, 1, 28, 28) in [[0, 1]], output 'logits' (N, 10)");
        return 0;
    }
}

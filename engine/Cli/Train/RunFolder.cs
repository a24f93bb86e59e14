using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepLearning.Data;
using DeepLearning.NN;
using DeepLearning.Serialization;

namespace DeepLearning.Cli.Train;

/// <summary>
/// The files a training run leaves behind. Each is written atomically, so an interrupted run never leaves a
/// half-written file in place of a good one.
/// </summary>
internal static class RunFolder
{
    /// <summary>Writes metrics.json, manifest.json (the run's <see cref="DeepLearning.Training.RunManifest"/>), the confusion matrix, the checkpoint and the report.</summary>
    public static void Write(string folder, RunMetrics metrics, string manifest, Module model, Dataset test, int[] predictions)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(Path.Combine(folder, "manifest.json"), manifest);
        AtomicFile.WriteAllText(Path.Combine(folder, "confusion_matrix.csv"), ConfusionCsv(metrics));
        Safetensors.Save(Path.Combine(folder, "model.safetensors"),
            model.StateDict().Select(named => KeyValuePair.Create(named.Name, named.Tensor)),
            new Dictionary<string, string>
            {
                ["model"] = metrics.Model,
                ["test_accuracy"] = metrics.TestAccuracy.ToString("F4", CultureInfo.InvariantCulture),
                ["seed"] = metrics.Seed.ToString(CultureInfo.InvariantCulture),
            });
        AtomicFile.WriteAllText(Path.Combine(folder, "report.html"), TrainingReport.Html(metrics, test, predictions));
    }

    /// <summary>Rows are true classes, columns predicted classes, with the class names as headers.</summary>
    private static string ConfusionCsv(RunMetrics metrics)
    {
        var csv = new StringBuilder("true \\ predicted," + string.Join(",", metrics.ClassNames.Select(Quote)) + "\n");
        for (var t = 0; t < metrics.ConfusionMatrix.Length; t++)
        {
            csv.Append(Quote(metrics.ClassNames[t])).Append(',').AppendJoin(",", metrics.ConfusionMatrix[t]).Append('\n');
        }
        return csv.ToString();
    }

    private static string Quote(string text) => text.Contains(',') || text.Contains('/') ? $"\"{text}\"" : text;
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepLearning.Gpu.Diagnostics;

namespace DeepLearning.KernelLab;

/// <summary>What the lab prints as it goes, and the two files it leaves: kernel-lab.json and kernel-lab.md.</summary>
public static class LabReport
{
    public const string Header =
        "  kernel                                  ms/launch  launches        throughput     % peak  vs cuBLAS  max error (allowed)  ok";

    /// <summary>One aligned console line, e.g. <c>Tiled  12.345  20  11134.2 GFLOPS  16.6 %  ...</c>.</summary>
    public static string Line(LabResult r) => string.Create(CultureInfo.InvariantCulture,
        $"  {r.Kernel,-38} {r.Timing.MillisecondsPerLaunch,10:G4} {r.Timing.TimedLaunches,9} {Throughput(r),17} " +
        $"{Percent(r.PercentOfPeak),10} {Ratio(r.FractionOfCuBlas),10} {r.MaxError,10:G3} ({r.Tolerance:G3}) {(r.Valid ? "yes" : "NO")}");

    public static void Write(string folder, string device, DevicePeak peak, LabOptions options, IReadOnlyList<LabResult> results, IReadOnlyList<string> notes)
    {
        Directory.CreateDirectory(folder);
        var report = new
        {
            Date = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            Device = device,
            Peak = peak,
            Options = new { options.M, options.K, options.N, options.SumLength, options.SoftmaxRows, options.SoftmaxColumns, options.Warmup, options.Launches, options.TimeBudgetSeconds },
            Notes = notes,
            Results = results.Select(r => new { r.Family, r.Kernel, r.Shape, r.Timing, r.Gflops, r.GBps, r.PercentOfPeak, r.FractionOfCuBlas, r.MaxError, r.Tolerance, r.Checked, r.Valid, r.Note }),
        };
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions
        {
            WriteIndented = true,
            // Keep ×, + and ' readable in the file; it is read by people and json parsers, never embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });
        File.WriteAllText(Path.Combine(folder, "kernel-lab.json"), json);
        File.WriteAllText(Path.Combine(folder, "kernel-lab.md"), Markdown(device, peak, results, notes));
    }

    private static string Markdown(string device, DevicePeak peak, IReadOnlyList<LabResult> results, IReadOnlyList<string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Kernel lab, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Device: {device}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- fp32 peak: {Value(peak.Gflops, "GFLOPS")} ({peak.GflopsSource})");
        text.AppendLine(CultureInfo.InvariantCulture, $"- memory peak: {Value(peak.GBps, "GB/s")} ({peak.BandwidthSource})");
        foreach (var note in notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }
        text.AppendLine();
        text.AppendLine("| family | kernel | shape | first launch ms | ms/launch | launches | throughput | % of peak | vs cuBLAS | max error | allowed | checked | valid |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Family} | {r.Kernel} | {r.Shape} | {r.Timing.FirstLaunchMs:F1} | {r.Timing.MillisecondsPerLaunch:G4} | {r.Timing.TimedLaunches} | " +
                $"{Throughput(r)} | {Percent(r.PercentOfPeak)} | {Ratio(r.FractionOfCuBlas)} | {r.MaxError:G3} | {r.Tolerance:G3} | {r.Checked} | {(r.Valid ? "yes" : "**NO**")} |"));
        }
        // What versions decided on their own (the autotuned matmul's tile shape), below the table.
        var noted = results.Where(r => r.Note is not null).ToList();
        if (noted.Count > 0)
        {
            text.AppendLine();
            foreach (var r in noted)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {r.Family} {r.Kernel}, {r.Shape}: {r.Note}");
            }
        }
        return text.ToString();
    }

    private static string Throughput(LabResult r) =>
        r.Gflops is double g ? string.Create(CultureInfo.InvariantCulture, $"{g:G4} GFLOPS")
        : r.GBps is double b ? string.Create(CultureInfo.InvariantCulture, $"{b:G4} GB/s")
        : "-";

    private static string Percent(double? percent) =>
        percent is double p ? string.Create(CultureInfo.InvariantCulture, $"{p:G3} %") : "-";

    private static string Ratio(double? ratio) =>
        ratio is double r ? string.Create(CultureInfo.InvariantCulture, $"{r:F3}") : "-";

    private static string Value(double? value, string unit) =>
        value is double v ? string.Create(CultureInfo.InvariantCulture, $"{v:F1} {unit}") : "unknown";
}

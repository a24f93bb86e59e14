using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Lab;
using ILGPU.Runtime;

namespace DeepLearning.KernelLab;

/// <summary>
/// Runs every version of one family the same way: clear the output, time the launches (<see cref="LaunchTimer"/>),
/// then validate what the last launch left against the family's reference, and rate the time against the peak:
/// GFLOPS for a family that counts flops, GB/s on its compulsory bytes for the others.
/// </summary>
public static class FamilyRunner
{
    public static List<LabResult> Run(IKernelFamily family, Accelerator accelerator, LabOptions options, DevicePeak peak, TextWriter log)
    {
        foreach (var line in family.Describe(peak))
        {
            log.WriteLine(line);
        }
        log.WriteLine(LabReport.Header);

        var results = new List<LabResult>();
        double? baselineThroughput = null;
        foreach (var version in family.Versions)
        {
            version.ClearOutput();
            var timing = LaunchTimer.Measure(version.Launch, accelerator, options.Warmup!.Value, options.Launches!.Value, options.TimeBudgetSeconds);
            var check = version.Validate();
            var note = version.Note?.Invoke();

            // Work per millisecond / 1e6 = work per second / 1e9: GFLOPS, or GB/s.
            double? gflops = family.Flops is double flops ? flops / (timing.MillisecondsPerLaunch * 1e6) : null;
            double? gbps = family.Flops is null ? family.Bytes / (timing.MillisecondsPerLaunch * 1e6) : null;
            var throughput = gflops ?? gbps!.Value;
            var peakThroughput = gflops is not null ? peak.Gflops : peak.GBps;
            double? fractionOfBaseline = version.IsBaseline ? 1 : baselineThroughput is double baseline ? throughput / baseline : null;
            if (version.IsBaseline)
            {
                baselineThroughput = throughput;
            }

            var result = new LabResult(family.Name, version.Name, family.Shape, timing, gflops, gbps,
                peakThroughput is double p ? 100 * throughput / p : null, fractionOfBaseline,
                check.MaxError, check.Tolerance, check.Checked, note);
            log.WriteLine(LabReport.Line(result));
            if (note is not null)
            {
                log.WriteLine($"    {note}");
            }
            if (!check.Passed)
            {
                log.WriteLine($"    {check.Message}");
            }
            results.Add(result);
        }
        return results;
    }
}

using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Reduction;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.KernelLab;

/// <summary>
/// The sum versions on n whole numbers from {−2, −1, 1, 2}. Their partial sums, in whatever order atomics and
/// trees add them, stay far below 2²⁴ (a random walk of 2²⁶ steps wanders ~13,000 away from 0), where every
/// integer is a float: each version must return the exact sum, so the error allowed is 0.
/// </summary>
public static class SumLab
{
    public static List<LabResult> Run(AcceleratorSession session, LabOptions options, DevicePeak peak, TextWriter log)
    {
        var n = options.SumLength!.Value;
        var accelerator = session.Accelerator;
        var bytes = 4.0 * n;
        log.WriteLine($"sum of {n} floats: reads {LabReport.Bytes(bytes)}, n additions (0.25 flop a byte: bandwidth-bound)" +
            (peak.GBps is double bw ? $"; {LabReport.Seconds(bytes / (bw * 1e9))} at the peak bandwidth" : "") +
            "; each launch also zeroes the result first (a 4-byte memset on the same stream)");
        log.WriteLine(LabReport.Header);

        var x = RandomData.SmallIntegers(n, seed: 3);
        var exact = x.Sum(value => (long)value);
        using var xBuffer = accelerator.Allocate1D(x);
        using var sumBuffer = accelerator.Allocate1D<float>(1);
        var launcher = new ReductionLauncher(accelerator);
        var results = new List<LabResult>();
        foreach (var version in ReductionLauncher.Versions)
        {
            var timing = LaunchTimer.Measure(() => launcher.Launch(version, xBuffer.View, sumBuffer.View, n),
                accelerator, options.Warmup!.Value, options.Launches!.Value, options.TimeBudgetSeconds);
            var gbps = bytes / (timing.MillisecondsPerLaunch * 1e6);
            var error = Math.Abs((double)sumBuffer.GetAsArray1D()[0] - exact);
            var result = new LabResult("sum", version.ToString(), $"n={n}", timing, null, gbps,
                peak.GBps is double p ? 100 * gbps / p : null, null,
                double.IsNaN(error) ? double.PositiveInfinity : error, 0, $"exact sum {exact}");
            log.WriteLine(LabReport.Line(result));
            results.Add(result);
        }
        return results;
    }
}

using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Lab;
using DeepLearning.Gpu.MatMul;
using DeepLearning.Gpu.Softmax;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.KernelLab;

/// <summary>The softmax versions on a rows×columns matrix of random floats in [−5, 5), checked element by element.</summary>
public static class SoftmaxLab
{
    /// <summary>
    /// Largest relative error allowed an element: float exp is good to a few ulps, and a float sum of 4096
    /// terms adds roundings of about √4096 · 6e-8 ≈ 4e-6. A dropped or doubled term moves every output of its
    /// row by about 1/columns (2.4e-4 at 4096), ten times more.
    /// </summary>
    private const double RelativeTolerance = 2e-5;

    public static List<LabResult> Run(AcceleratorSession session, LabOptions options, DevicePeak peak, TextWriter log)
    {
        int rows = options.SoftmaxRows!.Value, columns = options.SoftmaxColumns!.Value;
        var accelerator = session.Accelerator;
        var bytes = 8.0 * rows * columns;
        log.WriteLine($"softmax {rows}x{columns}: compulsory traffic (x read once, y written once) {LabReport.Bytes(bytes)}" +
            (peak.GBps is double bw ? $", {LabReport.Seconds(bytes / (bw * 1e9))} at the peak bandwidth" : ""));
        log.WriteLine(LabReport.Header);

        var x = SeededInputs.Uniform(rows * columns, seed: 4, low: -5, high: 5);
        var expected = CpuReference.Softmax(x, rows, columns);
        using var xBuffer = accelerator.Allocate1D(x);
        using var yBuffer = accelerator.Allocate1D<float>(x.Length);
        var launcher = new SoftmaxLauncher(accelerator);
        var results = new List<LabResult>();
        foreach (var version in SoftmaxLauncher.Versions)
        {
            yBuffer.MemSetToZero();
            var timing = LaunchTimer.Measure(() => launcher.Launch(version, xBuffer.View, yBuffer.View, rows, columns),
                accelerator, options.Warmup!.Value, options.Launches!.Value, options.TimeBudgetSeconds);
            var gbps = bytes / (timing.MillisecondsPerLaunch * 1e6);
            var result = new LabResult("softmax", version.ToString(), $"{rows}x{columns}", timing, null, gbps,
                peak.GBps is double p ? 100 * gbps / p : null, null,
                MaxRelativeError(yBuffer.GetAsArray1D(), expected), RelativeTolerance, "all entries, relative error");
            log.WriteLine(LabReport.Line(result));
            results.Add(result);
        }
        return results;
    }

    private static double MaxRelativeError(float[] actual, float[] expected)
    {
        var max = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = Math.Abs((double)actual[i] - expected[i]) / expected[i];
            max = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(max, error);
        }
        return max;
    }
}

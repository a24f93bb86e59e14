using System.Text.Json;

namespace DeepLearning.Gpu.Lab;

/// <summary>
/// The kernel lab's figures from one run on a real GPU (<c>engine/Gpu/results</c>, committed, and embedded in this
/// assembly): what chapter 10 draws for a learner whose machine has no GPU, where the CPU accelerator's timings say
/// nothing about one.
/// </summary>
/// <param name="Date">When the lab ran (UTC).</param>
/// <param name="Device">The device as ILGPU described it.</param>
/// <param name="Peak">The device's fp32 and memory peaks, with how each was computed.</param>
/// <param name="Results">One row per kernel: matmul versions against cuBLAS, sums, softmaxes.</param>
public sealed record RecordedLab(string Date, string Device, RecordedPeak Peak, IReadOnlyList<RecordedKernel> Results)
{
    private const string ResourcePrefix = "DeepLearning.Gpu.Results.";

    /// <summary>The lab on an NVIDIA H200, 2026-11-26 (<c>engine/Gpu/results/h200-2026-11-26/lab/kernel-lab.json</c>).</summary>
    public static RecordedLab H200 => Load("h200-2026-11-26");

    /// <summary>The rows of one family: "matmul", "sum" or "softmax".</summary>
    public IReadOnlyList<RecordedKernel> Family(string family) => Results.Where(result => result.Family == family).ToList();

    private static RecordedLab Load(string run)
    {
        var name = $"{ResourcePrefix}{run}.kernel-lab.json";
        using var stream = typeof(RecordedLab).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"recorded lab: the embedded resource {name} is missing from {typeof(RecordedLab).Assembly.GetName().Name}");
        return JsonSerializer.Deserialize<RecordedLab>(stream)
            ?? throw new InvalidOperationException($"recorded lab: {name} holds no lab report");
    }
}

/// <summary>A device's peaks: fp32 GFLOPS and memory GB/s, each with its arithmetic.</summary>
public sealed record RecordedPeak(double Gflops, string GflopsSource, double GBps, string BandwidthSource);

/// <summary>One kernel's row of the lab: its speed, its share of the peak, and whether its result was right.</summary>
public sealed record RecordedKernel(string Family, string Kernel, string Shape, RecordedTiming Timing, double? Gflops, double? GBps,
    double PercentOfPeak, double? FractionOfCuBlas, bool Valid);

/// <summary>How a kernel was timed: its first launch (compilation included) and the mean of the timed ones.</summary>
public sealed record RecordedTiming(double FirstLaunchMs, double MillisecondsPerLaunch, int TimedLaunches);

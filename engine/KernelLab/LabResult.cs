using DeepLearning.Gpu.Diagnostics;

namespace DeepLearning.KernelLab;

/// <summary>
/// One kernel version's line in the report: its timing, its throughput (GFLOPS for matmul, GB/s for the
/// bandwidth-bound families) as a fraction of the device's peak, how far its output was from the reference, and
/// what the version decided on its own (<see cref="DeepLearning.Gpu.Lab.KernelVersion.Note"/>), if anything.
/// </summary>
public sealed record LabResult(
    string Family,
    string Kernel,
    string Shape,
    Timing Timing,
    double? Gflops,
    double? GBps,
    double? PercentOfPeak,
    double? FractionOfCuBlas,
    double MaxError,
    double Tolerance,
    string Checked,
    string? Note = null)
{
    /// <summary>Within tolerance; a NaN error is never valid (every comparison with NaN is false).</summary>
    public bool Valid => MaxError <= Tolerance;
}

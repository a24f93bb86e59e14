using System.Diagnostics;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Diagnostics;

/// <summary>How long one launch of a kernel took: the first (compilation included), and the mean of a timed batch.</summary>
public sealed record Timing(double FirstLaunchMs, double MillisecondsPerLaunch, int TimedLaunches);

/// <summary>
/// Times kernels the way GPU benchmarks do. A launch only queues work and returns, so a stopwatch around one
/// launch measures nothing; instead: one launch (it compiles the kernel) and a wait, a few warm-up launches,
/// then a batch of launches queued back to back and ONE wait for the device at the end, divided by the count.
/// </summary>
public static class LaunchTimer
{
    public static Timing Measure(Action launch, Accelerator accelerator, int warmup, int maxLaunches, double budgetSeconds)
    {
        var watch = Stopwatch.StartNew();
        launch();
        accelerator.Synchronize();
        var firstLaunchMs = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        for (var i = 0; i < warmup; i++)
        {
            launch();
        }
        accelerator.Synchronize();
        // The warm-up also sizes the batch, so that a slow version does not spend minutes on maxLaunches.
        var estimateSeconds = warmup > 0 ? watch.Elapsed.TotalSeconds / warmup : firstLaunchMs / 1000;
        var launches = (int)Math.Clamp(budgetSeconds / Math.Max(estimateSeconds, 1e-9), 1, maxLaunches);

        watch.Restart();
        for (var i = 0; i < launches; i++)
        {
            launch();
        }
        accelerator.Synchronize();
        return new Timing(firstLaunchMs, watch.Elapsed.TotalMilliseconds / launches, launches);
    }
}

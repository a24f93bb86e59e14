using System.Diagnostics;

namespace DeepLearning.Benchmarks;

internal static class Timing
{
    /// <summary>
    /// The fastest of several runs of <paramref name="action"/>, in seconds, after one untimed warm-up run:
    /// repeated until <paramref name="budgetSeconds"/> have passed (at least twice, unless one run alone takes
    /// longer than the budget). The fastest run is the one least disturbed by the rest of the machine.
    /// </summary>
    public static double Best(Action action, double budgetSeconds = 1.0)
    {
        var warmUp = Stopwatch.StartNew();
        action();
        if (warmUp.Elapsed.TotalSeconds > budgetSeconds)
        {
            // Slow enough (the reference backend at 2048) that a second run tells nothing new.
            return warmUp.Elapsed.TotalSeconds;
        }
        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (var run = 0; run < 2 || total.Elapsed.TotalSeconds < budgetSeconds; run++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>The process's peak resident memory so far (VmHWM), in MiB.</summary>
    public static double PeakResidentMib()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:"));
        return double.Parse(line.Split(':')[1].Trim().Split(' ')[0]) / 1024;
    }
}

/// <summary>Time the .NET garbage collector paused this process since the clock was made, in seconds.</summary>
internal sealed class GcPauseClock
{
    private readonly TimeSpan _start = GC.GetTotalPauseDuration();

    public double Elapsed => (GC.GetTotalPauseDuration() - _start).TotalSeconds;
}

using System.Diagnostics;

namespace DeepLearning.Benchmarks;

internal static class Timing
{
    /// <summary>
    /// The fastest of several runs of <paramref name="action"/>, in seconds, after one untimed warm-up run:
    /// repeated until <paramref name="budgetSeconds"/> have passed (at least twice, unless one run alone takes
    /// longer than the budget). The fastest run is the one least disturbed by the rest of the machine.
    /// </summary>
    public static double Best(Action action, double budgetSeconds = 1.0) =>
        Best(() =>
        {
            var clock = Stopwatch.StartNew();
            action();
            return clock.Elapsed.TotalSeconds;
        }, budgetSeconds);

    /// <summary>
    /// The same for runs that time themselves (<paramref name="timedRun"/> returns the seconds of the part that
    /// counts, such as a backward pass after an untimed forward), with at least <paramref name="minimumRuns"/> runs.
    /// </summary>
    public static double Best(Func<double> timedRun, double budgetSeconds = 1.0, int minimumRuns = 2)
    {
        var warmUp = timedRun();
        if (warmUp > budgetSeconds)
        {
            // Slow enough (the reference backend at 2048) that a second run tells nothing new.
            return warmUp;
        }
        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (var run = 0; run < minimumRuns || total.Elapsed.TotalSeconds < budgetSeconds; run++)
        {
            best = Math.Min(best, timedRun());
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

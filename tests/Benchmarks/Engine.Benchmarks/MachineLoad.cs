using System.Diagnostics;

namespace DeepLearning.Benchmarks;

/// <summary>
/// How busy the machine is, from /proc/stat, so that runs can wait for it to be idle and report how much CPU
/// other processes took while they ran (the development machine is shared: a test suite starting elsewhere
/// halves libtorch's OpenMP throughput and spoils a timing).
/// </summary>
internal static class MachineLoad
{
    /// <summary>Waits (at most <paramref name="maxWaitSeconds"/>) until the machine has been at least 90 % idle for a second.</summary>
    public static void WaitUntilIdle(double maxWaitSeconds = 180)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < maxWaitSeconds)
        {
            var before = BusyAndTotalTicks();
            Thread.Sleep(1000);
            var after = BusyAndTotalTicks();
            if ((double)(after.Busy - before.Busy) / Math.Max(1, after.Total - before.Total) < 0.10)
            {
                break;
            }
        }
        if (clock.Elapsed.TotalSeconds > 1.5)
        {
            Console.WriteLine($"  (waited {clock.Elapsed.TotalSeconds:F0} s for other processes to leave the machine idle)");
        }
    }

    /// <summary>CPU seconds used by every process since boot (all cores), from the first line of /proc/stat.</summary>
    public static double BusySeconds() => BusyAndTotalTicks().Busy / 100.0;

    private static (long Busy, long Total) BusyAndTotalTicks()
    {
        // cpu user nice system idle iowait irq softirq steal ...; in clock ticks of 1/100 s.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }

    /// <summary>CPU seconds this process has used.</summary>
    public static double OwnSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}

/// <summary>Measures the CPU time other processes use between its creation and <see cref="Seconds"/>.</summary>
internal sealed class BackgroundCpuClock
{
    private readonly double _busy = MachineLoad.BusySeconds();
    private readonly double _own = MachineLoad.OwnSeconds();

    public double Seconds => Math.Max(0, MachineLoad.BusySeconds() - _busy - (MachineLoad.OwnSeconds() - _own));
}

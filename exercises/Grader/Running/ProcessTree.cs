namespace DeepLearning.Grading.Running;

/// <summary>
/// What a process and all its descendants use, from /proc: resident memory, and CPU time (its own, and that of
/// the children it has waited for). A host inside bubblewrap is a grandchild of the process the grader started,
/// and code under test may start processes of its own.
/// </summary>
internal static class ProcessTree
{
    private const double TicksPerSecond = 100; // USER_HZ, the unit of /proc/PID/stat's times on Linux

    /// <summary>The tree's resident memory in MB and CPU time in seconds.</summary>
    public static (long ResidentMegabytes, double CpuSeconds) Usage(int root)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (0, 0);
        }
        long pages = 0;
        long ticks = 0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.TryPop(out var pid))
        {
            if (!seen.Add(pid))
            {
                continue;
            }
            pages += ResidentPages(pid);
            ticks += CpuTicks(pid);
            foreach (var child in Children(pid))
            {
                pending.Push(child);
            }
        }
        return (pages * Environment.SystemPageSize / (1024 * 1024), ticks / TicksPerSecond);
    }

    // /proc/PID/task/TID/children lists the children each thread started; a process's threads are few.
    private static List<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                children.AddRange(File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(child => int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // It ended meanwhile.
        }
        return children;
    }

    private static long ResidentPages(int pid)
    {
        try
        {
            return long.Parse(File.ReadAllText($"/proc/{pid}/statm").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last
    // ')'. utime, stime, cutime and cstime are fields 14 to 17, the 12th to 15th after it.
    private static long CpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[11..15].Sum(field => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }
}

namespace DeepLearning.Grading.Running;

/// <summary>
/// The resident memory of a process and all its descendants, from /proc: a host inside bubblewrap is a
/// grandchild of the process the grader started, and code under test may start processes of its own.
/// </summary>
internal static class ProcessTreeMemory
{
    public static long ResidentMegabytes(int root)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(directory) is { } parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }
        long pages = 0;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            pages += ResidentPages(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Push(child);
            }
        }
        return pages * Environment.SystemPageSize / (1024 * 1024);
    }

    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
    private static int? ParentOf(string procDirectory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
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
}

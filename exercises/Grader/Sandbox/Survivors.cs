namespace DeepLearning.Grading.Sandbox;

/// <summary>
/// Ends whatever a test host left running. Inside namespaces the kernel does it when the host's PID namespace ends;
/// this sweep is the rule without them, and a second check with them: every process of the host's own uid, or
/// (without a uid of its own) every process that carries the host's marker in its environment.
/// </summary>
public static class Survivors
{
    /// <summary>Kills the host's leftovers and returns how many there were.</summary>
    public static int Sweep(HostLaunch host)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        var killed = 0;
        // A process may fork while the sweep runs: sweep until a round finds nothing (the uid's process cap bounds it).
        for (var round = 0; round < 50; round++)
        {
            var found = Find(host);
            if (found.Count == 0)
            {
                break;
            }
            foreach (var pid in found)
            {
                killed += Kill(pid) ? 1 : 0;
            }
            Thread.Sleep(10);
        }
        return killed;
    }

    /// <summary>The processes that belong to the host: its uid's, or those whose environment carries its marker.</summary>
    public static List<int> Find(HostLaunch host)
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == self)
            {
                continue;
            }
            try
            {
                if (host.Uid is { } uid ? RealUid(directory) == uid : Environ(directory).Contains($"{HostLaunch.MarkerVariable}={host.Marker}\0", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // It ended meanwhile, or is not ours to read.
            }
        }
        return found;
    }

    private static int RealUid(string procDirectory)
    {
        var line = File.ReadLines(Path.Combine(procDirectory, "status")).First(text => text.StartsWith("Uid:", StringComparison.Ordinal));
        return int.Parse(line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Environ(string procDirectory) => File.ReadAllText(Path.Combine(procDirectory, "environ")) + "\0";

    private static bool Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

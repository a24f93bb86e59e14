using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using DeepLearning.Grading.Sandbox;

namespace DeepLearning.Grading.Running;

/// <summary>
/// One test host process, from start to sweep: hands it its key and plan, accepts only the next signed event of
/// the only order there is (Ready; Start and End of each planned test in turn; Done), and keeps the limits: a
/// test past its CPU time (or, waiting, past its CPU time and 30 s more of wall-clock time) is killed with the
/// whole host, as is a host over the memory limit.
/// </summary>
internal sealed class HostSession(RunLimits limits, Stopwatch overall)
{
    private const int StderrKept = 8 * 1024;
    private const int MaxLine = 1024 * 1024;
    private const int StartSeconds = 120;
    private const int WallSecondsBeyondCpu = 30;
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    /// <summary>What one host did.</summary>
    /// <param name="Finished">The tests it ended, and those killed at their time limit or stopped by the overall limit.</param>
    /// <param name="Crashed">The test that was running when the host died, broke the protocol or was killed for memory.</param>
    /// <param name="Ready">The host got as far as loading the tests.</param>
    /// <param name="ExitCode">The host's exit code (bubblewrap passes on the host's).</param>
    /// <param name="Stderr">The last few kilobytes of its standard output and error.</param>
    /// <param name="ForgedLines">Lines on the channel that were not the next signed event.</param>
    /// <param name="Survivors">Processes the host left behind that the sweep ended.</param>
    public sealed record Result(IReadOnlyDictionary<string, TestOutcome> Finished, TestOutcome? Crashed, bool Ready, int ExitCode, string Stderr, int ForgedLines, int Survivors);

    public Result Run(HostLaunch launch, IReadOnlyList<TestCaseInfo> plan)
    {
        var key = HostProtocol.NewKey();
        using var process = Process.Start(launch.StartInfo) ?? throw new GraderException("could not start the test host");
        var stray = new BoundedTextWriter(limits.OutputCharacters);
        var stderr = new StringBuilder();
        var events = new BlockingCollection<HostEvent>();
        var forged = 0;
        // The readers must never throw: an exception on a thread of its own would end the grader.
        var channelReader = new Thread(() => forged = Guarded(() => ReadEvents(process.StandardOutput, key, events), events)) { IsBackground = true };
        var outputReader = new Thread(() => Guarded(() => { Drain(process.StandardError, stray, stderr); return 0; }, null)) { IsBackground = true };
        channelReader.Start();
        outputReader.Start();
        try
        {
            process.StandardInput.Write($"{Convert.ToBase64String(key)}\n{string.Concat(plan.Select(test => test.Id + "\n"))}\n");
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The host died before reading its plan; its exit code and error output tell why.
        }

        var finished = new Dictionary<string, TestOutcome>();
        TestOutcome? crashed = null;
        var (ready, next, current) = (false, 0, (string?)null);
        var clock = Stopwatch.StartNew();
        var usageClock = Stopwatch.StartNew();
        var cpuAtStart = 0.0;
        while (!events.IsCompleted)
        {
            if (events.TryTake(out var hostEvent, s_poll))
            {
                switch (hostEvent)
                {
                    case { Kind: HostEventKind.Ready } when !ready:
                        ready = true;
                        break;
                    case { Kind: HostEventKind.Start, Id: { } id } when ready && current is null && next < plan.Count && id == plan[next].Id:
                        (current, next) = (id, next + 1);
                        clock.Restart();
                        cpuAtStart = ProcessTree.Usage(process.Id).CpuSeconds;
                        break;
                    case { Kind: HostEventKind.End, Id: { } id, Outcome: { } outcome } when id == current && outcome.Id == current:
                        finished[id] = outcome with { Output = Join(outcome.Output, TakeStray(stray)) };
                        current = null;
                        break;
                    case { Kind: HostEventKind.Done } when ready && current is null && next == plan.Count:
                        break;
                    default:
                        // Signed, so from the host itself, yet out of order: the host is not sound any more.
                        Kill(process);
                        crashed = TestOutcome.Fail(current ?? plan[Math.Min(next, plan.Count - 1)].Id, FailureKind.Crash,
                            $"the test process sent the grader an event out of order ({hostEvent.Kind}); the process was stopped", TakeStray(stray), clock.Elapsed.TotalSeconds);
                        current = null;
                        break;
                }
                continue;
            }
            if (current is null)
            {
                if (overall.Elapsed.TotalSeconds >= limits.TotalSeconds || (!ready && clock.Elapsed.TotalSeconds > StartSeconds))
                {
                    Kill(process);
                }
                continue;
            }
            if (usageClock.ElapsedMilliseconds < 100)
            {
                continue;
            }
            usageClock.Restart();
            // A test's limit is CPU time, so that a busy machine does not fail a test that is merely waiting for a
            // core; a test that waits without computing (a deadlock, a sleep) meets the wall-clock limit instead.
            var testLimit = plan[next - 1].TimeLimitSeconds ?? limits.TestSeconds;
            var wallLimit = testLimit + WallSecondsBeyondCpu;
            var (resident, cpu) = ProcessTree.Usage(process.Id);
            string? timeout = cpu - cpuAtStart > testLimit ? $"timed out: still running after {testLimit} s of CPU time (an infinite loop, or far too slow?); the test process was stopped"
                : clock.Elapsed.TotalSeconds > wallLimit ? $"timed out: still running after {wallLimit} s (waiting for something that never came?); the test process was stopped"
                : null;
            if (timeout is not null)
            {
                Kill(process);
                finished[current] = TestOutcome.Fail(current, FailureKind.Timeout, timeout, TakeStray(stray), clock.Elapsed.TotalSeconds);
                current = null;
            }
            else if (overall.Elapsed.TotalSeconds >= limits.TotalSeconds)
            {
                Kill(process);
                finished[current] = TestOutcome.Fail(current, FailureKind.NotRun,
                    $"not finished when the submission's tests reached the overall limit of {limits.TotalSeconds} s", TakeStray(stray), clock.Elapsed.TotalSeconds);
                current = null;
            }
            else if (resident > limits.MemoryMegabytes)
            {
                Kill(process);
                crashed = TestOutcome.Fail(current, FailureKind.OutOfMemory,
                    $"used {resident} MB, more than the limit of {limits.MemoryMegabytes} MB; the test process was stopped", TakeStray(stray), clock.Elapsed.TotalSeconds);
                current = null;
            }
        }
        if (!process.WaitForExit(5000))
        {
            Kill(process); // it closed its channel but lingers
            process.WaitForExit();
        }
        // What the host left running may still hold its pipes open: end it first, then the readers see the end.
        var survivors = Survivors.Sweep(launch);
        outputReader.Join(5000);
        if (current is not null)
        {
            // The host died in the middle of this test: the test (or something running beside it) ended the process.
            crashed = TestOutcome.Fail(current, FailureKind.Crash, CrashMessage(process.ExitCode, Text(stderr)), TakeStray(stray), clock.Elapsed.TotalSeconds);
        }
        return new Result(finished, crashed, ready, process.ExitCode, Text(stderr), forged, survivors);
    }

    // Reads the channel line by line, lines cut at MaxLine so that a flood cannot fill memory. The next signed event
    // goes to the grader; any other line is counted as a forgery attempt and dropped.
    private static int ReadEvents(StreamReader reader, byte[] key, BlockingCollection<HostEvent> events)
    {
        var forged = 0;
        long sequence = 0;
        var line = new StringBuilder();
        var buffer = new char[8192];
        void Flush()
        {
            if (line.Length == 0)
            {
                return;
            }
            if (HostProtocol.Decode(key, sequence, line.ToString()) is { } hostEvent)
            {
                sequence++;
                events.Add(hostEvent);
            }
            else
            {
                forged++;
            }
            line.Clear();
        }
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    Flush();
                }
                else if (line.Length < MaxLine)
                {
                    line.Append(buffer[i]);
                }
            }
        }
        Flush();
        events.CompleteAdding();
        return forged;
    }

    // Runs a reader; a pipe that breaks or is disposed under it ends the reading, and the events with it.
    private static int Guarded(Func<int> read, BlockingCollection<HostEvent>? events)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            events?.CompleteAdding();
            return 0;
        }
    }

    // The host's standard output and error: the tests' raw output, and what the runtime prints when it dies (the
    // last few kilobytes are kept for that).
    private static void Drain(StreamReader reader, BoundedTextWriter stray, StringBuilder tail)
    {
        var buffer = new char[8192];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (stray)
            {
                stray.Write(buffer.AsSpan(0, read));
            }
            lock (tail)
            {
                tail.Append(buffer.AsSpan(0, read));
                if (tail.Length > 2 * StderrKept)
                {
                    tail.Remove(0, tail.Length - StderrKept);
                }
            }
        }
    }

    private static string TakeStray(BoundedTextWriter stray)
    {
        lock (stray)
        {
            return stray.TakeText().TrimEnd('\n');
        }
    }

    private static string Text(StringBuilder tail)
    {
        lock (tail)
        {
            return tail.ToString();
        }
    }

    private static string Join(string first, string second) => second.Length == 0 ? first : first.Length == 0 ? second : first + "\n" + second;

    internal static string CrashMessage(int exitCode, string stderr)
    {
        if (stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
        {
            return "crashed the test process with a stack overflow: a recursion too deep or without end";
        }
        if (stderr.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
        {
            var first = stderr.Split('\n').FirstOrDefault(line => line.Contains("Exception", StringComparison.Ordinal))?.Trim();
            return $"an unhandled exception on another thread ended the test process: {first}";
        }
        if (stderr.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || stderr.Contains("Out of memory", StringComparison.OrdinalIgnoreCase))
        {
            return "ran out of memory and ended the test process";
        }
        return $"ended the test process (exit code {exitCode}) before finishing: does the code call Environment.Exit?";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace DeepLearning.Grading.Running;

/// <summary>
/// Runs a compiled submission's tests in child test hosts (<see cref="TestHost"/>) and keeps every promise of the
/// limits: a test past its time limit or over the memory limit is killed with its whole process tree; a test that
/// ends its process (stack overflow, Environment.Exit) fails alone; the tests after it run in a new host; output
/// floods are truncated; and nothing runs past the overall limit.
/// </summary>
public sealed class TestSupervisor(RunLimits limits)
{
    private const int StderrKept = 8 * 1024;
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Every test of the assembly with its outcome, in the host's order.</summary>
    public sealed record RunResult(IReadOnlyList<TestCaseInfo> Tests, IReadOnlyDictionary<string, TestOutcome> Outcomes, int HostStarts);

    public RunResult Run(string testsAssemblyPath, string workDirectory)
    {
        var overall = Stopwatch.StartNew();
        IReadOnlyList<TestCaseInfo>? tests = null;
        var outcomes = new Dictionary<string, TestOutcome>();
        var hostStarts = 0;
        while (tests is null || outcomes.Count < tests.Count)
        {
            var remaining = tests?.Where(test => !outcomes.ContainsKey(test.Id)).Select(test => test.Id).ToList() ?? [];
            if (overall.Elapsed.TotalSeconds >= limits.TotalSeconds && tests is not null)
            {
                foreach (var id in remaining)
                {
                    outcomes[id] = TestOutcome.Fail(id, FailureKind.NotRun, $"not run: the submission's tests reached the overall limit of {limits.TotalSeconds} s");
                }
                break;
            }
            hostStarts++;
            var planPath = Path.Combine(workDirectory, $"plan-{hostStarts}.txt");
            File.WriteAllLines(planPath, remaining);
            var before = outcomes.Count;
            var host = RunHost(testsAssemblyPath, planPath, workDirectory, overall, outcomes);
            tests ??= host.Tests;
            if (tests is null)
            {
                throw new GraderException($"the test host failed before listing the tests (exit code {host.ExitCode}):\n{host.Stderr}");
            }
            if (outcomes.Count == before && !host.SawDone)
            {
                // Nothing ran and nothing finished: a host that cannot make progress would loop forever.
                throw new GraderException($"the test host stopped without running a test (exit code {host.ExitCode}):\n{host.Stderr}");
            }
        }
        return new RunResult(tests!, outcomes, hostStarts);
    }

    private sealed record HostRun(IReadOnlyList<TestCaseInfo>? Tests, bool SawDone, int ExitCode, string Stderr);

    private HostRun RunHost(string testsAssemblyPath, string planPath, string workDirectory, Stopwatch overall, Dictionary<string, TestOutcome> outcomes)
    {
        var nonce = Guid.NewGuid().ToString("N");
        using var process = Start(testsAssemblyPath, planPath, workDirectory, nonce);
        var events = new BlockingCollection<HostEvent>();
        var strayOutput = new BoundedTextWriter(limits.OutputCharacters);
        var stderr = new BoundedTextWriter(StderrKept);
        var stdoutReader = new Thread(() => ReadEvents(process.StandardOutput, nonce, events, strayOutput)) { IsBackground = true };
        var stderrReader = new Thread(() => Drain(process.StandardError, stderr)) { IsBackground = true };
        stdoutReader.Start();
        stderrReader.Start();

        IReadOnlyList<TestCaseInfo>? tests = null;
        Dictionary<string, TestCaseInfo> byId = [];
        string? current = null;
        var currentClock = Stopwatch.StartNew();
        var sawDone = false;
        var memoryClock = Stopwatch.StartNew();
        while (!events.IsCompleted)
        {
            if (events.TryTake(out var hostEvent, s_poll))
            {
                switch (hostEvent.Kind)
                {
                    case HostEventKind.List:
                        tests = hostEvent.Tests;
                        byId = tests!.ToDictionary(test => test.Id);
                        break;
                    case HostEventKind.Start:
                        current = hostEvent.Id;
                        currentClock.Restart();
                        break;
                    case HostEventKind.End when hostEvent.Outcome is { } outcome:
                        // TryAdd: a test killed at its time limit keeps that verdict even if its End raced the kill.
                        outcomes.TryAdd(outcome.Id, outcome with { Output = Join(outcome.Output, TakeStray(strayOutput)) });
                        current = null;
                        break;
                    case HostEventKind.Done:
                        sawDone = true;
                        break;
                }
                continue;
            }
            if (current is null)
            {
                if (overall.Elapsed.TotalSeconds >= limits.TotalSeconds)
                {
                    Kill(process);
                }
                continue;
            }
            var testLimit = byId.TryGetValue(current, out var info) && info.TimeLimitSeconds is { } own ? own : limits.TestSeconds;
            string? killReason = null;
            var kind = FailureKind.Timeout;
            if (currentClock.Elapsed.TotalSeconds > testLimit)
            {
                killReason = $"timed out: still running after {testLimit} s (an infinite loop, or far too slow?); the test process was stopped";
            }
            else if (overall.Elapsed.TotalSeconds >= limits.TotalSeconds)
            {
                (killReason, kind) = ($"not finished when the submission's tests reached the overall limit of {limits.TotalSeconds} s", FailureKind.NotRun);
            }
            else if (memoryClock.ElapsedMilliseconds >= 100)
            {
                memoryClock.Restart();
                if (ResidentMegabytes(process) is { } used && used > limits.MemoryMegabytes)
                {
                    (killReason, kind) = ($"used {used} MB, more than the limit of {limits.MemoryMegabytes} MB; the test process was stopped", FailureKind.OutOfMemory);
                }
            }
            if (killReason is not null)
            {
                Kill(process);
                outcomes[current] = TestOutcome.Fail(current, kind, killReason, TakeStray(strayOutput), currentClock.Elapsed.TotalSeconds);
                current = null;
            }
        }
        if (!process.WaitForExit(5000))
        {
            Kill(process); // it closed its output but lingers
            process.WaitForExit();
        }
        stderrReader.Join();
        if (current is not null)
        {
            // The host died in the middle of this test: the test ended its own process.
            outcomes.TryAdd(current, TestOutcome.Fail(current, FailureKind.Crash, CrashMessage(process.ExitCode, stderr.ToString()), TakeStray(strayOutput), currentClock.Elapsed.TotalSeconds));
        }
        return new HostRun(tests, sawDone, process.ExitCode, stderr.ToString());
    }

    private Process Start(string testsAssemblyPath, string planPath, string workDirectory, string nonce)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // Files the code under test writes land in the scratch folder, not beside the grader.
            WorkingDirectory = workDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { typeof(TestHost).Assembly.Location, TestHost.Command, testsAssemblyPath, planPath, limits.OutputCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[HostProtocol.NonceVariable] = nonce;
        // The managed heap is capped below the process limit, so most runaway allocations fail inside the test
        // with an OutOfMemoryException; the resident-memory watch above catches the rest.
        start.Environment["DOTNET_GCHeapHardLimit"] = ((long)limits.MemoryMegabytes * 1024 * 1024 * 3 / 4).ToString("X");
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new GraderException("could not start the test host");
        process.StandardInput.Close();
        return process;
    }

    // Reads the host's standard output line by line, with lines cut at 64 K characters so that a flood without
    // newlines cannot fill memory. Event lines become events; anything else is output of the code under test.
    private static void ReadEvents(StreamReader reader, string nonce, BlockingCollection<HostEvent> events, BoundedTextWriter strayOutput)
    {
        const int maxLine = 64 * 1024;
        var line = new StringBuilder();
        var buffer = new char[8192];
        int read;
        void Flush()
        {
            var text = line.ToString();
            line.Clear();
            if (HostProtocol.Decode(nonce, text) is { } hostEvent)
            {
                events.Add(hostEvent);
            }
            else
            {
                lock (strayOutput)
                {
                    strayOutput.WriteLine(text);
                }
            }
        }
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    Flush();
                }
                else if (line.Length < maxLine)
                {
                    line.Append(buffer[i]);
                }
            }
        }
        if (line.Length > 0)
        {
            Flush();
        }
        events.CompleteAdding();
    }

    private static void Drain(StreamReader reader, BoundedTextWriter kept)
    {
        var buffer = new char[8192];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            kept.Write(buffer.AsSpan(0, read));
        }
    }

    // The reader thread writes stray output while this thread takes it for the test that was running.
    private static string TakeStray(BoundedTextWriter strayOutput)
    {
        lock (strayOutput)
        {
            return strayOutput.TakeText();
        }
    }

    private static string Join(string first, string second) => second.Length == 0 ? first : first.Length == 0 ? second : first + "\n" + second;

    private static string CrashMessage(int exitCode, string stderr)
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

    private static long? ResidentMegabytes(Process process)
    {
        try
        {
            process.Refresh();
            return process.HasExited ? null : process.WorkingSet64 / (1024 * 1024);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
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

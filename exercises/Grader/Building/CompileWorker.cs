using System.Diagnostics;
using System.Text.Json;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Building;

/// <summary>
/// The compiler in a child process (<c>dlc-grade compile-worker</c>), so that the build cannot take the grader down:
/// it compiles on a thread with a 1 GB stack (ten thousand nested parentheses fit), its heap is capped, and the
/// grader kills it when a request has used more than its CPU-time limit (a file whose overload resolution
/// explodes) or when it dies. Its announcements ("bind Chapter6.Convolution.cs") name the file it was working on.
/// One worker serves a grader process's requests in turn, so only the first pays for starting and JIT-compiling
/// Roslyn; a worker that was killed or died is replaced by the next request.
/// </summary>
public sealed class CompileWorker
{
    public const string Command = "compile-worker";

    /// <summary>How the failure of a request that passed its CPU-time limit begins (a busy machine can cause it; dlc-grade batch looks for it).</summary>
    public const string CpuLimitReached = "the compiler did not finish within";
    private const int StackBytes = 1024 * 1024 * 1024;
    private const long HeapBytes = 3L * 1024 * 1024 * 1024;

    private static readonly object s_lock = new();
    private static readonly System.Text.StringBuilder s_errors = new();
    private static Process? s_process;
    private static bool s_exitHooked;

    /// <summary>A request's end: the result, or why there is none and what the worker was doing then.</summary>
    public sealed record Outcome(ExerciseCompilation.Result? Result, string? Failure, string? LastProgress);

    /// <summary>Compiles in the worker, within <paramref name="cpuSeconds"/> of its CPU time.</summary>
    public static Outcome Compile(ExerciseCompilation.Request request, string workDirectory, int cpuSeconds)
    {
        lock (s_lock)
        {
            var requestPath = Path.Combine(workDirectory, $"compile-{Guid.NewGuid():N}.json");
            File.WriteAllText(requestPath, JsonSerializer.Serialize(request));
            var process = s_process is { HasExited: false } running ? running : s_process = StartFromLastingThread();
            process.StandardInput.WriteLine(requestPath);
            process.StandardInput.Flush();
            var cpuAtStart = CpuSeconds(process);
            var wall = Stopwatch.StartNew();
            string? lastProgress = null;
            var reading = process.StandardOutput.ReadLineAsync();
            while (true)
            {
                if (!reading.Wait(100))
                {
                    var used = CpuSeconds(process) - cpuAtStart;
                    if (used > cpuSeconds || wall.Elapsed.TotalSeconds > 10 * cpuSeconds + 60)
                    {
                        Stop();
                        return new Outcome(null, $"{CpuLimitReached} {cpuSeconds} s of CPU time", lastProgress);
                    }
                    continue;
                }
                var line = reading.Result;
                if (line is null)
                {
                    Stop();
                    string error;
                    lock (s_errors)
                    {
                        error = s_errors.ToString();
                    }
                    var why = error.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) ? "a stack overflow" : $"exit code {process.ExitCode}";
                    return new Outcome(null, $"the compiler crashed ({why})", lastProgress);
                }
                if (line.StartsWith("progress ", StringComparison.Ordinal))
                {
                    lastProgress = line["progress ".Length..];
                }
                else if (line.StartsWith("result ", StringComparison.Ordinal))
                {
                    return new Outcome(JsonSerializer.Deserialize<ExerciseCompilation.Result>(File.ReadAllText(line["result ".Length..])), null, lastProgress);
                }
                else if (line.StartsWith("grader-error ", StringComparison.Ordinal))
                {
                    throw new GraderException(JsonSerializer.Deserialize<string>(line["grader-error ".Length..])!);
                }
                else if (line.StartsWith("failed ", StringComparison.Ordinal))
                {
                    return new Outcome(null, $"the compiler failed ({JsonSerializer.Deserialize<string>(line["failed ".Length..])})", lastProgress);
                }
                reading = process.StandardOutput.ReadLineAsync();
            }
        }
    }

    /// <summary>The worker's side: one request path a line on standard input, until it closes (the grader is gone).</summary>
    public static int Serve()
    {
        // Never outlive the grader, even one killed before it could stop the worker.
        Sandbox.Native.DieWithParent();
        var thread = new Thread(ServeRequests, StackBytes);
        thread.Start();
        thread.Join();
        return 0;
    }

    private static void ServeRequests()
    {
        var output = Console.Out;
        for (var path = Console.In.ReadLine(); path is not null; path = Console.In.ReadLine())
        {
            try
            {
                var request = JsonSerializer.Deserialize<ExerciseCompilation.Request>(File.ReadAllText(path))!;
                var result = ExerciseCompilation.Build(request, stage =>
                {
                    output.WriteLine($"progress {stage}");
                    output.Flush();
                });
                var resultPath = path + ".result.json";
                File.WriteAllText(resultPath, JsonSerializer.Serialize(result));
                output.WriteLine($"result {resultPath}");
            }
            catch (GraderException exception)
            {
                output.WriteLine($"grader-error {JsonSerializer.Serialize(exception.Message)}");
            }
            catch (Exception exception) when (exception is not StackOverflowException)
            {
                output.WriteLine($"failed {JsonSerializer.Serialize($"{exception.GetType().Name}: {exception.Message}")}");
            }
            output.Flush();
        }
    }

    // The worker ends itself when "its parent" ends (PR_SET_PDEATHSIG), and for Linux that parent is the thread that
    // started it, not the grader's process: a worker started from a grading's thread was killed in the middle of
    // another grading's build when that thread ended (dlc-grade batch, two at a time: "the compiler crashed (exit code
    // 137)"), and a thread-pool thread may retire too. So every worker is started from one thread that lasts as long as
    // the grader.
    private static readonly Lazy<System.Collections.Concurrent.BlockingCollection<Action>> s_starter = new(() =>
    {
        var requests = new System.Collections.Concurrent.BlockingCollection<Action>();
        new Thread(() =>
        {
            foreach (var request in requests.GetConsumingEnumerable())
            {
                request();
            }
        }) { IsBackground = true, Name = "compile-worker starter" }.Start();
        return requests;
    });

    private static Process StartFromLastingThread()
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        s_starter.Value.Add(() =>
        {
            try
            {
                started.SetResult(Start());
            }
            catch (Exception exception)
            {
                started.SetException(exception);
            }
        });
        return started.Task.GetAwaiter().GetResult();
    }

    private static Process Start()
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CompileWorker).Assembly.Location);
        start.ArgumentList.Add(Command);
        start.Environment["DOTNET_GCHeapHardLimit"] = HeapBytes.ToString("X");
        // Threads the compiler starts itself get a large stack too.
        start.Environment["DOTNET_DefaultStackSize"] = (256 * 1024 * 1024).ToString("X");
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        // Without profile-guided tiering: with it, each of the many Roslyn methods a compile makes hot is compiled a
        // third time (instrumented, then optimised) on the runtime's background thread, which kept a core busy for
        // seconds after each request. Five gradings in a row took 52.8 CPU-seconds with it and 39.3 without, and a
        // single cold grading no longer (2026-12-05, 2-core machine).
        start.Environment["DOTNET_TieredPGO"] = "0";
        var process = Process.Start(start) ?? throw new GraderException("could not start the compile worker");
        lock (s_errors)
        {
            s_errors.Clear();
        }
        // Its error output is read as it comes (a full pipe would stall it); the last few kilobytes are kept.
        process.ErrorDataReceived += (_, line) =>
        {
            lock (s_errors)
            {
                s_errors.AppendLine(line.Data);
                if (s_errors.Length > 16 * 1024)
                {
                    s_errors.Remove(0, s_errors.Length - 8 * 1024);
                }
            }
        };
        process.BeginErrorReadLine();
        if (!s_exitHooked)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            s_exitHooked = true;
        }
        return process;
    }

    internal static void Stop()
    {
        lock (s_lock)
        {
            try
            {
                // Not the whole tree: that stops the processes first, and a grader that dies meanwhile leaves them stopped.
                s_process?.Kill();
                s_process?.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // It has exited already.
            }
            s_process = null;
        }
    }

    private static double CpuSeconds(Process process)
    {
        try
        {
            process.Refresh();
            return process.TotalProcessorTime.TotalSeconds;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }
}

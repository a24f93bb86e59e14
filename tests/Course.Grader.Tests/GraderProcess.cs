using System.Diagnostics;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>Runs <c>dotnet dlc-grade.dll ARGUMENTS</c> as a teacher does, and returns its exit code and output.</summary>
internal static class GraderProcess
{
    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(DotnetHost.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Grader).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dlc-grade {string.Join(' ', start.ArgumentList.Skip(1))} did not end within {timeoutSeconds} s");
        }
        return (process.ExitCode, output.Result + error.Result);
    }
}

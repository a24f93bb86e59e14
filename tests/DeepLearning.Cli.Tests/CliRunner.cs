using System.Diagnostics;

namespace DeepLearning.Cli.Tests;

/// <summary>The result of one run of the dlc command: exit code and everything it printed.</summary>
public sealed record CliResult(int ExitCode, string Output);

/// <summary>
/// Runs dlc as a child process, as a user would, so that the tests see the real exit code and the real
/// console output (including whether a stack trace leaked).
/// </summary>
public static class CliRunner
{
    public static CliResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dlc.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dlc {string.Join(' ', arguments)} did not finish within 2 minutes");
        }
        return new CliResult(process.ExitCode, output + error.Result);
    }
}

using System.Diagnostics;

namespace DeepLearning.Notebooks.Tests.Support;

/// <summary>The result of a child process: exit code and what it printed on each stream.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs a command as a learner would, with a time limit.</summary>
public static class ChildProcess
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? CourseFolders.RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalMinutes:F0} minutes");
        }
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The last lines of a long output, for a failure message.</summary>
    public static string Tail(string text, int lines = 30) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using DeepLearning.Grading.Packaging;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// A grade can be traced to what made it: <c>dlc-grade --version</c> names the course version, the commit the grader
/// was built from and the runtime, and the autograder's setup.sh installs exactly that runtime.
/// </summary>
public sealed class VersionTests
{
    [Test]
    public void VersionNamesTheCourseTheCommitAndTheRuntime()
    {
        var (exitCode, output) = Run("dotnet", typeof(CourseVersion).Assembly.Location, "--version");
        Assert.That(exitCode, Is.Zero, output);
        var version = CourseVersion.Current;
        Assert.That(output.Trim(), Is.EqualTo($"{version.Version} (commit {version.Commit}, .NET {version.Runtime})"));
        Assert.That(version.Commit, Does.Match("^([0-9a-f]{40}|unknown)$"));
        Assert.That(version.Runtime, Does.StartWith(Environment.Version.ToString()), "the runtime this process runs on");
        if (version.Commit != CourseVersion.UnknownCommit)
        {
            // Built from a checkout: the commit is one of its history (HEAD may have moved on since the build).
            var (found, _) = Run("git", "-C", GradedSubmissions.Layout.Root, "cat-file", "-e", $"{version.Commit}^{{commit}}");
            Assert.That(found, Is.Zero, $"commit {version.Commit} is in the repository");
        }
    }

    [Test]
    public void SetupInstallsExactlyTheRuntimeTheGraderRunsOn()
    {
        var setup = AutograderPackage.Script("setup.sh");
        Assert.That(Regex.Match(setup, "^runtime_version=\"(.*)\"$", RegexOptions.Multiline).Groups[1].Value, Is.EqualTo(CourseVersion.Current.Runtime));
        Assert.That(setup, Does.Contain("dotnet-install.sh --version \"$runtime_version\" --runtime dotnet").And.Not.Contain("--channel"));
    }

    [TestCase("1.0.0+6016b2abef5281d3d83fd72f7e20c82176ffdc27", "1.0.0", "6016b2abef5281d3d83fd72f7e20c82176ffdc27")]
    [TestCase("1.0.0", "1.0.0", "unknown")]
    [TestCase("2.1.0-rc.1+", "2.1.0-rc.1", "unknown")]
    public void TheCommitComesFromTheInformationalVersion(string informational, string expectedVersion, string expectedCommit)
    {
        // The SDK writes "1.0.0+COMMIT" when it builds in a git checkout, "1.0.0" outside one.
        var version = CourseVersion.FromInformationalVersion(informational);
        Assert.That((version.Version, version.Commit), Is.EqualTo((expectedVersion, expectedCommit)));
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}

namespace DeepLearning.Cli.Tests;

/// <summary><c>dlc --version</c> names the version and the commit the build came from, so a run can be traced to its code.</summary>
public sealed class VersionTests
{
    [Test]
    public void VersionNamesTheBuildsVersionAndCommit()
    {
        var result = CliRunner.Run("--version");
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        // "1.0.0+COMMIT" from the SDK in a git checkout; "1.0.0+unknown" outside one.
        Assert.That(result.Output.Trim(), Does.Match(@"^\d+\.\d+\.\d+\+([0-9a-f]{40}|unknown)$"));
    }
}

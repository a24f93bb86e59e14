using System.Diagnostics;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The acceptance run, by hand (it takes many minutes): <c>dlc-grade batch</c> over a generated class — the
/// reference, the starter, every wrong submission and mixes of their chapters — against grading each submission
/// alone, one after another. It prints the time a submission both ways.
/// <code>
/// dotnet test tests/Course.Grader.Tests -c Release --filter "FullyQualifiedName~BatchGradingAtScaleTests" -- TestRunParameters.Parameter(name=\"count\", value=\"100\")
/// </code>
/// With the parameter <c>keep</c> (a folder), the batch's output is copied there to look at.
/// </summary>
[Explicit("minutes long: run it by hand")]
public sealed class BatchGradingAtScaleTests
{
    [Test]
    public void AGeneratedClassScoresAsWhenEachIsGradedAlone()
    {
        var count = int.Parse(TestContext.Parameters.Get("count", "100"), System.Globalization.CultureInfo.InvariantCulture);
        var members = SyntheticClass.Generate(GradedSubmissions.Layout, count, seed: 2026);
        using var run = BatchRun.Grade(members, parallel: Environment.ProcessorCount, timeoutSeconds: 24 * 3600);
        TestContext.Progress.WriteLine($"batch: {count} submissions in {run.Seconds:0.0} s, {run.Seconds / count:0.00} s a submission, {Environment.ProcessorCount} at a time");
        TestContext.Progress.WriteLine(string.Join("\n", run.Output.Split('\n').Where(line => line.StartsWith("graded ", StringComparison.Ordinal) || line.StartsWith("not graded", StringComparison.Ordinal))));
        if (TestContext.Parameters.Get("keep") is { Length: > 0 } keep)
        {
            CopyFolder(run.Out, keep);
        }
        Assert.That(run.ExitCode, Is.Zero, run.Output);

        var grader = new Grader(GradedSubmissions.Layout, GradedSubmissions.Limits);
        var clock = Stopwatch.StartNew();
        Assert.Multiple(() =>
        {
            foreach (var member in members)
            {
                run.AssertSameAsAlone(member.Name, grader.Grade(Path.Combine(run.Export, member.Name)));
            }
            TestContext.Progress.WriteLine($"alone: {count} submissions in {clock.Elapsed.TotalSeconds:0.0} s, {clock.Elapsed.TotalSeconds / count:0.00} s a submission");
        });
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepLearning.Grading.Reporting;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// One run of <c>dlc-grade batch</c> over a generated class, in a folder of its own: the export it graded, the
/// folder it wrote, its exit code, output and wall time.
/// </summary>
internal sealed class BatchRun : IDisposable
{
    private readonly DirectoryInfo _root;

    private BatchRun(DirectoryInfo root, (int ExitCode, string Output) run, double seconds)
    {
        _root = root;
        (ExitCode, Output) = run;
        Seconds = seconds;
    }

    public string Export => Path.Combine(_root.FullName, "export");

    public string Out => Path.Combine(_root.FullName, "out");

    public int ExitCode { get; }

    public string Output { get; }

    public double Seconds { get; }

    public static BatchRun Grade(IReadOnlyList<SyntheticClass.Member> members, int parallel, int timeoutSeconds)
    {
        var root = Directory.CreateTempSubdirectory("dlc-grade-batch-");
        var export = Directory.CreateDirectory(Path.Combine(root.FullName, "export")).FullName;
        SyntheticClass.WriteExport(GradedSubmissions.Layout, export, members);
        var clock = Stopwatch.StartNew();
        var run = GraderProcess.Run(["batch", export, "--out", Path.Combine(root.FullName, "out"), "--parallel", $"{parallel}", "--course", GradedSubmissions.Layout.Root], timeoutSeconds);
        return new BatchRun(root, run, clock.Elapsed.TotalSeconds);
    }

    public JsonObject Results(string submission) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "results", submission, "results.json")))!.AsObject();

    /// <summary>
    /// The batch's results.json of <paramref name="submission"/> against the one <c>grade</c> would write for
    /// <paramref name="alone"/>: the same score, and every test with the same number, score and status.
    /// </summary>
    public void AssertSameAsAlone(string submission, GradeReport alone)
    {
        var batch = Results(submission);
        var single = GradescopeResults.Build(alone);
        Assert.That(batch["score"]!.GetValue<double>(), Is.EqualTo(alone.Score), $"{submission}: the score");
        Assert.That(Tests(batch), Is.EqualTo(Tests(single)), $"{submission}: each test's number, score and status");
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static List<string> Tests(JsonObject results) =>
        results["tests"]!.AsArray().Select(test => $"{test!["number"]} {test["score"]} {test["status"]}").ToList();
}

using System.Text.RegularExpressions;
using DeepLearning.Grading.Honesty;
using DeepLearning.Grading.Sandbox;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The OS boundary, seen from inside: the probe submission prints what its code can see and do (uid, pid,
/// capabilities, network, which folders it may write), and these tests read it. Without namespaces the grader must
/// say so and still grade.
/// </summary>
public sealed class BoundaryTests
{
    [Test]
    public void CodeUnderTestRunsUnprivilegedAloneOfflineAndCannotWriteTheGrader()
    {
        var boundary = OsBoundary.Current;
        if (boundary.Kind is not (BoundaryKind.Namespaces or BoundaryKind.UserNamespaces))
        {
            Assert.Ignore($"no namespaces on this machine ({boundary.Description}); exercises/setup-grader.sh installs bubblewrap");
        }
        var probe = ProbeOutput(GradedSubmissions.Wrong("probes-the-sandbox").Report);
        Assert.That(probe, Does.Contain("probe: capabilities=0000000000000000"));
        Assert.That(probe, Does.Contain("probe: write to grader: denied").And.Contain("probe: write to own assemblies: denied").And.Contain("probe: write to scratch: allowed"));
        Assert.That(probe, Does.Contain("probe: hidden tests assembly: absent"), "the visible host has no hidden tests");
        Assert.That(probe, Does.Contain("probe: network: denied"));
        var ids = Regex.Match(probe, @"uid=(\d+) pid=(\d+)");
        Assert.That(int.Parse(ids.Groups[1].Value), Is.Not.Zero, "not root");
        Assert.That(int.Parse(ids.Groups[2].Value), Is.LessThanOrEqualTo(3), "its own PID namespace");
        Assert.That(int.Parse(Regex.Match(probe, @"processes visible=(\d+)").Groups[1].Value), Is.LessThanOrEqualTo(3), "nothing of the machine's processes");
        Assert.That(GradedSubmissions.Wrong("probes-the-sandbox").Report.Isolation, Does.StartWith("isolation: bubblewrap"));
    }

    [Test]
    public void WithoutNamespacesTheGraderSaysSoAndStillGrades()
    {
        // As root, the fallback is a fresh unprivileged uid; otherwise nothing, said as loudly.
        var weaker = OsBoundary.Detect(Native.IsRoot ? "user" : "none");
        var check = new HonestyCheck(GradedSubmissions.Layout, new Grader(GradedSubmissions.Layout, GradedSubmissions.Limits, weaker));
        var result = check.Wrong(WrongSubmission.Load(GradedSubmissions.Layout, "probes-the-sandbox"));
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Report.Notes, Has.Some.StartsWith("WARNING: "), "results.json says the boundary was weaker");
        Assert.That(result.ResultsJson, Does.Contain("WARNING: "));
        if (weaker.Kind == BoundaryKind.UnprivilegedUser)
        {
            var probe = ProbeOutput(result.Report);
            Assert.That(Regex.Match(probe, @"uid=(\d+)").Groups[1].Value, Is.Not.EqualTo("0"));
            Assert.That(probe, Does.Contain("probe: write to own assemblies: denied").And.Contain("probe: hidden tests assembly: absent"));
        }
    }

    [Test]
    public void NoBoundaryIsNamedAsSuch()
    {
        var none = OsBoundary.Detect("none");
        Assert.That(none.Kind, Is.EqualTo(BoundaryKind.None));
        Assert.That(none.Description, Does.StartWith("WARNING: no isolation (DLC_GRADE_SANDBOX=none)"));
    }

    private static string ProbeOutput(GradeReport report) =>
        report.Tests.Select(test => test.Outcome.Output).FirstOrDefault(output => output.Contains("probe: uid=", StringComparison.Ordinal))
            ?? throw new AssertionException("no test printed the probe's report");
}

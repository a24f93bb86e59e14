using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using DeepLearning.Grading.Honesty;
using DeepLearning.Grading.Packaging;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The Gradescope autograder zip: the files Gradescope requires at its root, the grader and the tests without the
/// reference solution, and a run of it in a simulated /autograder layout that grades a submission end to end.
/// </summary>
public sealed class AutograderPackageTests
{
    private DirectoryInfo _root = null!;
    private string _zip = "";

    [OneTimeSetUp]
    public void Package()
    {
        _root = Directory.CreateTempSubdirectory("dlc-grade-autograder-");
        _zip = Path.Combine(_root.FullName, "autograder.zip");
        AutograderPackage.Write(GradedSubmissions.Layout, _zip);
    }

    [OneTimeTearDown]
    public void Clean() => _root.Delete(recursive: true);

    [Test]
    public void ZipHasGradescopesFilesAndNoReferenceSolution()
    {
        using var zip = ZipFile.OpenRead(_zip);
        var names = zip.Entries.Select(entry => entry.FullName).ToList();
        Assert.That(names, Does.Contain("setup.sh").And.Contain("run_autograder").And.Contain("grader/dlc-grade.dll"));
        Assert.That(names, Has.Some.StartsWith("course/Solution/Tests/Hidden/"), "hidden tests are graded");
        Assert.That(names, Has.Some.StartsWith("course/Starter/Exercises/"), "stubs for chapters that do not compile");
        Assert.That(names.Where(name => name.StartsWith("course/Solution/Exercises/", StringComparison.Ordinal)), Is.Empty, "the reference solution stays out");
        Assert.That(names.Where(name => name.Contains("Mistakes", StringComparison.Ordinal)), Is.Empty, "the catalogue of mistakes (near-solutions) stays out");
        foreach (var script in AutograderPackage.Scripts)
        {
            Assert.That((zip.GetEntry(script)!.ExternalAttributes >> 16) & 0x1FF, Is.EqualTo(Convert.ToInt32("755", 8)), $"{script} is executable");
        }
    }

    [Test]
    public void RunAutograderGradesASubmissionInTheAutograderLayout()
    {
        var autograder = Unpack(_zip, "autograder");
        var submission = WrongSubmission.Load(GradedSubmissions.Layout, "conv-padding-off-by-one");
        submission.Materialize(GradedSubmissions.Layout, Path.Combine(autograder, "submission"));
        Assert.That(Bash(["-n", Path.Combine(autograder, "source", "setup.sh")]).ExitCode, Is.Zero, "setup.sh parses");

        var (run, results) = RunAutograder(autograder);
        var reference = GradedSubmissions.Reference.Report;
        var expected = submission.ExpectedScore(reference.Tests.Select(test => test.Test));
        Assert.That(expected, Is.LessThan(reference.MaxScore), "the submission fails tests");
        Assert.That(results["score"]!.GetValue<double>(), Is.EqualTo(expected), "the pinned grade of conv-padding-off-by-one: the course's points less its failing tests'");
        Assert.That(results["tests"]!.AsArray(), Has.Count.EqualTo(reference.Tests.Count));
        Assert.That(File.Exists(Path.Combine(autograder, "results", "junit.xml")), Is.True);
        Assert.That(run.Output, Does.Contain($"Score: {expected:0.##} / {reference.MaxScore:0.##}"));
        var extra = results["extra_data"]!;
        Assert.That((extra["course_version"]!.GetValue<string>(), extra["course_commit"]!.GetValue<string>(), extra["runtime"]!.GetValue<string>()),
            Is.EqualTo((CourseVersion.Current.Version, CourseVersion.Current.Commit, CourseVersion.Current.Runtime)), "what graded: the packaged grader's commit, the runtime setup.sh pins");
        Assert.That(extra["config_sha256"], Is.Null, "no course configuration in this package");
    }

    [Test]
    public void APackagedConfigurationSetsPointsLatenessAndVisibilityAndARegradeGivesTheSameGrade()
    {
        var config = Path.Combine(_root.FullName, "course.json");
        File.WriteAllText(config, """
            {
              "tasks": { "6.1": { "points": 10 }, "0.c": { "counts": false } },
              "latePolicy": { "deadline": "2027-01-15T23:59:00+01:00", "penaltyPercentPerDay": 10 },
              "hiddenTests": { "visibility": "after_due_date" }
            }
            """);
        var zip = Path.Combine(_root.FullName, "configured.zip");
        Assert.That(AutograderPackage.Write(GradedSubmissions.Layout, zip, config), Does.Contain(AutograderPackage.ConfigEntry));
        var autograder = Unpack(zip, "configured");
        var submission = WrongSubmission.Load(GradedSubmissions.Layout, "conv-padding-off-by-one");
        submission.Materialize(GradedSubmissions.Layout, Path.Combine(autograder, "submission"));
        // Gradescope's metadata: handed in 1 day and 10 hours after the deadline, which is 2 started days.
        File.WriteAllText(Path.Combine(autograder, "submission_metadata.json"), """{ "id": 1, "created_at": "2027-01-17T10:00:00.000000+01:00" }""");

        var (_, first) = RunAutograder(autograder);
        var weighted = CourseConfig.Load(config).Reweigh(GradedSubmissions.Reference.Report.Tests.Select(test => test.Test).ToList());
        var tests = first["tests"]!.AsArray().Select(test => test!.AsObject()).ToList();
        Assert.That(tests.Where(test => Tags(test).Contains("task:6.1")).Sum(test => test["max_score"]!.GetValue<double>()), Is.EqualTo(10).Within(1e-9), "task 6.1's points");
        Assert.That(tests.Where(test => Tags(test).Contains("task:0.c")).Select(test => test["max_score"]!.GetValue<double>()), Is.Not.Empty.And.All.Zero, "0.c does not count");
        Assert.That(tests.Where(test => Tags(test).Contains("hidden")).Select(test => test["visibility"]!.GetValue<string>()), Has.All.EqualTo("after_due_date"));
        Assert.That(first["score"]!.GetValue<double>(), Is.EqualTo(submission.ExpectedScore(weighted) * 0.8).Within(1e-9), "2 days late at 10 % a day");
        Assert.That(first["output"]!.GetValue<string>(), Does.Contain("2 days after the deadline").And.Contain("20 % of the score taken off"));
        Assert.That(first["extra_data"]!["config_sha256"]!.GetValue<string>(), Is.EqualTo(CourseConfig.Load(config).Sha256));

        // A regrade with the same package: the same grade, test by test.
        var (_, second) = RunAutograder(autograder);
        first.AsObject().Remove("execution_time");
        second.AsObject().Remove("execution_time");
        Assert.That(second.ToJsonString(), Is.EqualTo(first.ToJsonString()));
    }

    [Test]
    public void RunAutograderAlwaysLeavesAValidResultsJson()
    {
        // A grader that cannot even start (its dll is gone), and a folder where results.json belongs.
        var autograder = Directory.CreateDirectory(Path.Combine(_root.FullName, "broken")).FullName;
        ZipFile.ExtractToDirectory(_zip, Path.Combine(autograder, "source"));
        File.Delete(Path.Combine(autograder, "source", "grader", "dlc-grade.dll"));
        Directory.CreateDirectory(Path.Combine(autograder, "results", "results.json", "stale"));
        WrongSubmission.CopyReference(GradedSubmissions.Layout, Path.Combine(autograder, "submission"));

        var run = Bash([Path.Combine(autograder, "source", "run_autograder")], ("AUTOGRADER_ROOT", autograder));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(autograder, "results", "results.json")))!;
        Assert.That(results["score"]!.GetValue<double>(), Is.Zero);
        Assert.That(results["output"]!.GetValue<string>(), Does.Contain("did not finish grading"));
    }

    // Gradescope's layout: the zip unpacked in source/, run_autograder copied beside it, the submission in
    // submission/, results expected in results/results.json.
    private string Unpack(string zip, string name)
    {
        var autograder = Directory.CreateDirectory(Path.Combine(_root.FullName, name)).FullName;
        ZipFile.ExtractToDirectory(zip, Path.Combine(autograder, "source"));
        File.Copy(Path.Combine(autograder, "source", "run_autograder"), Path.Combine(autograder, "run_autograder"));
        return autograder;
    }

    private static ((int ExitCode, string Output) Run, JsonNode Results) RunAutograder(string autograder)
    {
        var run = Bash([Path.Combine(autograder, "run_autograder")], ("AUTOGRADER_ROOT", autograder));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        return (run, JsonNode.Parse(File.ReadAllText(Path.Combine(autograder, "results", "results.json")))!);
    }

    private static List<string> Tags(JsonObject test) => test["tags"]!.AsArray().Select(tag => tag!.GetValue<string>()).ToList();

    private static (int ExitCode, string Output) Bash(string[] arguments, (string Name, string Value)? environment = null)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (environment is { } variable)
        {
            start.Environment[variable.Name] = variable.Value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}

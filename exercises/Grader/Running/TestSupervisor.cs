using System.Diagnostics;
using DeepLearning.Grading.Sandbox;

namespace DeepLearning.Grading.Running;

/// <summary>
/// Runs one group of tests (the visible ones, or one run of the hidden ones) in test hosts inside the OS boundary,
/// as many hosts as it takes: a test that times out is charged and the rest go on in a new host; a test during
/// which the host dies is not charged yet: it is run again alone once the others are done, and charged only if it
/// ends its process again. So a crash that came from elsewhere (a thread an earlier test left behind) costs
/// nothing, and a test that really ends its process fails alone.
/// </summary>
public sealed class TestSupervisor(RunLimits limits, OsBoundary boundary)
{
    /// <summary>A group's outcome: every test's, and what the teacher should know about how they were reached.</summary>
    public sealed record GroupResult(IReadOnlyDictionary<string, TestOutcome> Outcomes, int HostStarts, IReadOnlyList<string> TeacherNotes);

    /// <summary>
    /// Runs <paramref name="tests"/>, in that order, from the assembly <paramref name="testsAssemblyName"/> among
    /// <paramref name="assemblies"/>; host folders go under <paramref name="workDirectory"/>, named after <paramref name="label"/>.
    /// </summary>
    public GroupResult Run(string label, IReadOnlyList<string> assemblies, string testsAssemblyName, IReadOnlyList<TestCaseInfo> tests,
        string workDirectory, Stopwatch overall)
    {
        var outcomes = new Dictionary<string, TestOutcome>();
        var notes = new List<string>();
        var suspects = new List<TestOutcome>();
        var hosts = 0;
        HostSession.Result Host(IReadOnlyList<TestCaseInfo> plan)
        {
            hosts++;
            var launch = HostLaunch.Prepare(boundary, workDirectory, $"{label}-{hosts}", assemblies,
                bin => [TestHost.Command, bin, testsAssemblyName, limits.OutputCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                Environment());
            try
            {
                var result = new HostSession(limits, overall).Run(launch, plan);
                if (!result.Ready && result.Finished.Count == 0 && result.Crashed is null && overall.Elapsed.TotalSeconds < limits.TotalSeconds)
                {
                    throw new GraderException($"the test host failed before loading the tests (exit code {result.ExitCode}):\n{result.Stderr}");
                }
                if (result.ForgedLines > 0)
                {
                    notes.Add($"{label} tests: {result.ForgedLines} line(s) on the grader's channel were not the host's signed events (forged or damaged) and were ignored");
                }
                if (result.Survivors > 0)
                {
                    notes.Add($"{label} tests: {result.Survivors} process(es) that the code under test left running were ended");
                }
                return result;
            }
            finally
            {
                TryDelete(launch.Folder);
            }
        }

        var pending = tests.ToList();
        while (pending.Count > 0)
        {
            if (overall.Elapsed.TotalSeconds >= limits.TotalSeconds)
            {
                break;
            }
            var result = Host(pending);
            foreach (var (id, outcome) in result.Finished)
            {
                outcomes[id] = outcome;
            }
            if (result.Crashed is { } crashed)
            {
                suspects.Add(crashed);
            }
            pending = pending.Where(test => !outcomes.ContainsKey(test.Id) && !suspects.Any(suspect => suspect.Id == test.Id)).ToList();
        }
        // Each test during which a host died runs again alone: charged only if it ends its own process again.
        foreach (var suspect in suspects)
        {
            if (overall.Elapsed.TotalSeconds >= limits.TotalSeconds)
            {
                outcomes[suspect.Id] = suspect;
                continue;
            }
            var alone = Host(tests.Where(test => test.Id == suspect.Id).ToList());
            if (alone.Finished.TryGetValue(suspect.Id, out var outcome))
            {
                outcomes[suspect.Id] = outcome;
                notes.Add($"{label} tests: the test process died during {suspect.Id} ({suspect.Message.Split('\n')[0]}); run again alone, it {(outcome.Passed ? "passed" : "failed")}, so that crash was not charged to it");
            }
            else
            {
                outcomes[suspect.Id] = alone.Crashed ?? suspect;
            }
        }
        foreach (var test in tests.Where(test => !outcomes.ContainsKey(test.Id)))
        {
            outcomes[test.Id] = TestOutcome.Fail(test.Id, FailureKind.NotRun, $"not run: the submission's tests reached the overall limit of {limits.TotalSeconds} s");
        }
        return new GroupResult(outcomes, hosts, notes);
    }

    // The managed heap is capped below the process limit, so most runaway allocations fail inside the test with an
    // OutOfMemoryException; the resident-memory watch catches the rest. A host lives a few seconds: profile-guided
    // tiering would only compile its hot methods a third time (the hosts of five gradings used 10 % less CPU without).
    private Dictionary<string, string> Environment() => new()
    {
        ["DOTNET_GCHeapHardLimit"] = ((long)limits.MemoryMegabytes * 1024 * 1024 * 3 / 4).ToString("X"),
        ["DOTNET_TieredPGO"] = "0",
    };

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The work folder as a whole is deleted after grading.
        }
    }
}

using System.Text.RegularExpressions;
using DeepLearning.Exercises.Tests;

namespace DeepLearning.Notebooks;

/// <summary>
/// The tasks of <c>exercises/</c>, checked in a notebook by their visible NUnit tests: <c>Check("3.1", f)</c>
/// hands f to the exercises' <see cref="Checks.Evaluate"/>, which runs task 3.1's fixture on it, the same tests
/// that <c>dotnet test exercises/Starter/Tests</c> and the grader run.
/// </summary>
public static partial class ExerciseTaskChecks
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_titles = new(ReadTitles);
    private static readonly Lazy<HashSet<string>> s_taskIds = new(() => [.. Checks.TaskIds]);
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<EngineCallScan.Entry>>> s_notAllowed = new(ReadNotAllowed);

    public static IReadOnlyList<string> TaskIds => Checks.TaskIds;

    public static bool Contains(string taskId) => s_taskIds.Value.Contains(taskId);

    /// <summary>The title in the <c>// Task X.Y: title</c> (or <c>// Question X.a: title</c>) comment above the task's stub.</summary>
    public static string Title(string taskId) => s_titles.Value[taskId];

    /// <summary>A quick question ("predict, then run") has an id that ends with a letter: 3.a.</summary>
    public static bool IsQuestion(string taskId) => char.IsAsciiLetterLower(taskId[^1]);

    /// <summary>
    /// The engine members the task asks the learner not to call: the list under its comment,
    /// <c>// Write it yourself; not allowed here: Tensor.Im2Col, Conv2d</c>; empty for a task without one.
    /// </summary>
    public static IReadOnlyList<EngineCallScan.Entry> NotAllowed(string taskId) => s_notAllowed.Value.GetValueOrDefault(taskId, []);

    /// <summary>
    /// Runs the task's visible tests on <paramref name="solution"/>: a one-line confirmation that names them when they
    /// pass, null when the function is still the stub (it throws NotImplementedException in every test), and
    /// <see cref="TaskCheckFailedException"/> with each failing test's reason and hint otherwise. Before the tests, a
    /// function that calls what the task asks the learner to write fails with that call, as the grader fails it. A
    /// question's wrong answer does not throw: the line returned says where to look again, since the next cell shows
    /// the answer.
    /// </summary>
    public static string? Check(string taskId, Delegate solution)
    {
        var title = Title(taskId);
        if (EngineCallScan.FirstUse(solution, NotAllowed(taskId)) is { } use)
        {
            throw new TaskCheckFailedException($"Task {taskId} asks you to write {title} yourself: {use} is not allowed here");
        }
        CheckReport report;
        try
        {
            report = Checks.Evaluate(taskId, solution);
        }
        catch (ArgumentException)
        {
            // The task exists, so the only argument Checks can refuse is a function of another signature.
            throw YourTurn.WrongSignature(taskId, title, Checks.Signature(taskId), solution);
        }
        var passed = report.Results.Count(result => result.Passed);
        if (IsQuestion(taskId) && !report.IsNotImplemented)
        {
            return report.Passed
                ? $"✔ Question {taskId} ({title}): right. Run the next cell to see it happen."
                : $"✘ Question {taskId} ({title}): {report.Results.First(result => !result.Passed).Message} Run the next cell to see the answer.";
        }
        if (report.Passed)
        {
            var names = string.Join(", ", report.Results.Select(result => result.Test));
            return $"✔ Task {taskId} passed: {title} ({passed} visible test{(passed == 1 ? "" : "s")}: {names}).";
        }
        if (report.IsNotImplemented)
        {
            return null;
        }
        // The report's own lines, after its heading: ✓ or ✗ per test, and under each failure its reason and hint.
        var details = string.Join("\n", report.ToString().Split('\n').Skip(1));
        // An exception from the learner's code comes first, with its line: that is where to look.
        var thrown = report.Results.FirstOrDefault(result => result.ThrownIn is not null)?.ThrownIn;
        var heading = thrown is null
            ? $"Task {taskId} ({title}) is not right yet: {passed} of {report.Results.Count} checks passed."
            : $"Task {taskId} ({title}) threw {thrown}; {passed} of {report.Results.Count} checks passed.";
        throw new TaskCheckFailedException($"{heading}\n{details}");
    }

    /// <summary>
    /// The titles, from the starter's exercise files that the build embeds in this assembly: the lines a learner
    /// reads above each stub, and the ones the grader's report uses.
    /// </summary>
    private static IReadOnlyDictionary<string, string> ReadTitles()
    {
        var titles = new Dictionary<string, string>();
        foreach (var text in StarterExerciseTexts())
        {
            foreach (Match match in TaskComment().Matches(text))
            {
                titles.TryAdd(match.Groups["id"].Value, match.Groups["title"].Value.Trim());
            }
        }
        if (Checks.TaskIds.FirstOrDefault(id => !titles.ContainsKey(id)) is { } untitled)
        {
            throw new InvalidOperationException($"course kit: task {untitled} has visible tests but no '// Task {untitled}: title' (or '// Question') comment in exercises/Starter/Exercises");
        }
        return titles;
    }

    /// <summary>Each task's list, from the line under its comment in the starter (the grader's format: NotAllowedMembers).</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<EngineCallScan.Entry>> ReadNotAllowed()
    {
        var lists = new Dictionary<string, IReadOnlyList<EngineCallScan.Entry>>();
        foreach (var text in StarterExerciseTexts())
        {
            string? task = null;
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                if (TaskComment().Match(line) is { Success: true } comment)
                {
                    task = comment.Groups["id"].Value;
                }
                else if (NotAllowedLine().Match(line) is { Success: true } list && task is not null)
                {
                    lists[task] = list.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(EngineCallScan.Resolve).ToList();
                }
            }
        }
        return lists;
    }

    private static IEnumerable<string> StarterExerciseTexts()
    {
        var assembly = typeof(ExerciseTaskChecks).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith("exercises/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return reader.ReadToEnd();
        }
    }

    [GeneratedRegex(@"^\s*// (?:Task|Question) (?<id>\d+\.(?:\d+|[a-z])): (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex TaskComment();

    [GeneratedRegex(@"^\s*// Write it yourself; not allowed here: (?<names>.+)$")]
    private static partial Regex NotAllowedLine();
}

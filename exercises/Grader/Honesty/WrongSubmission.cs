using System.Text.Json;
using System.Text.Json.Serialization;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Honesty;

/// <summary>
/// A committed wrong submission, <c>WrongSubmissions/NAME/submission.json</c>: the reference solution with a few
/// edits (the bug), and the grade it must get: the tests that fail (one test, or every test of a task or a chapter)
/// with how they fail, every other test passing. Its expected score follows, the course's points less the failing
/// tests' (<see cref="ExpectedScore"/>), so that a task added to the course changes no pin. A learner's copy of the
/// visible tests is part of the submission too, so an edit may also change a test: the grader must ignore it. A
/// hostile submission (an attack on the grader) is pinned at the grade of the same submission without the attack,
/// and may also say what its reports must not contain, which files it replaces by the starter's, which links it
/// holds and what it finds already in the results folder.
/// </summary>
public sealed record WrongSubmission(
    string Description,
    IReadOnlyList<WrongSubmission.ExpectedFailure> ExpectedFailures,
    IReadOnlyList<WrongSubmission.Edit> Edits,
    string? ExpectedOutputContains = null)
{
    public const string FileName = "submission.json";

    /// <summary>Submission files ("Exercises/Chapter9.FastMatMul.cs") taken from the starter instead of the reference, before the edits.</summary>
    public IReadOnlyList<string> FromStarter { get; init; } = [];

    /// <summary>Symbolic links to make in the submission; in a target, <c>{course}</c> is the course folder.</summary>
    public IReadOnlyList<Link> Links { get; init; } = [];

    /// <summary>What already stands in the results folder when the reports are written: a folder when the name ends in '/', else a file.</summary>
    public IReadOnlyList<string> ResultsFolder { get; init; } = [];

    /// <summary>Text that must appear in neither results.json nor the JUnit XML (what learners may see).</summary>
    public IReadOnlyList<string> ForbiddenInReports { get; init; } = [];

    /// <summary>Text each of which some note for the teacher must contain.</summary>
    public IReadOnlyList<string> ExpectedTeacherNotes { get; init; } = [];

    /// <summary>Text each of which some note in results.json must contain.</summary>
    public IReadOnlyList<string> ExpectedNotes { get; init; } = [];

    /// <summary>A symbolic link at <see cref="Path"/> (in the submission) to <see cref="Target"/>.</summary>
    public sealed record Link(string Path, string Target);

    /// <summary>The folder name, e.g. "sign-error-in-mul-backward".</summary>
    [JsonIgnore]
    public string Name { get; init; } = "";

    /// <summary>
    /// Tests that must fail, and how: one test by its id (<c>"test": "Task6_1_ConvOutputSize.NoPadding"</c>), or every
    /// test of a task (<c>"task": "6.3"</c>) or of a chapter (<c>"chapter": "8"</c>), whatever tests it has by then.
    /// Every other test must pass.
    /// </summary>
    public sealed record ExpectedFailure(FailureKind Kind, string? Test = null, string? Task = null, string? Chapter = null)
    {
        public bool Matches(TestCaseInfo test) =>
            Test is not null ? test.Id == Test : Task is not null ? test.Task == Task : test.Chapter == Chapter;

        public override string ToString() => Test is not null ? Test : Task is not null ? $"every test of task {Task}" : $"every test of chapter {Chapter}";
    }

    /// <summary>The score it must get among these tests: the points of every test it is not expected to fail.</summary>
    public double ExpectedScore(IEnumerable<TestCaseInfo> tests) =>
        tests.Where(test => !ExpectedFailures.Any(failure => failure.Matches(test))).Sum(test => test.Weight);

    /// <summary>
    /// Replaces the lines <see cref="Find"/> (which must occur exactly once) by <see cref="Replace"/> in
    /// <see cref="File"/>, a path in the submission folder such as "Exercises/Chapter1.ScalarAutograd.cs"; with
    /// no lines to find, appends <see cref="Replace"/> to the file. In the replacement, <c>{{repeat:TEXT:N}}</c>
    /// stands for TEXT written N times (ten thousand parentheses, say).
    /// </summary>
    public sealed record Edit(string File, IReadOnlyList<string> Find, IReadOnlyList<string> Replace);

    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static IReadOnlyList<WrongSubmission> LoadAll(CourseLayout layout) =>
        Directory.EnumerateDirectories(layout.WrongSubmissions).Order(StringComparer.Ordinal)
            .Select(folder => Load(layout, Path.GetFileName(folder)))
            .ToList();

    public static WrongSubmission Load(CourseLayout layout, string name)
    {
        var path = Path.Combine(layout.WrongSubmissions, name, FileName);
        var submission = JsonSerializer.Deserialize<WrongSubmission>(File.ReadAllText(path), s_options)
            ?? throw new GraderException($"{path} is empty");
        foreach (var (failure, index) in submission.ExpectedFailures.Select((failure, index) => (failure, index)))
        {
            if (new[] { failure.Test, failure.Task, failure.Chapter }.Count(selector => selector is not null) != 1)
            {
                throw new GraderException($"{path}: expectedFailures[{index}] must name exactly one of \"test\", \"task\" or \"chapter\"");
            }
        }
        return submission with { Name = name };
    }

    /// <summary>
    /// Lays the submission out as a learner would hand it in: <c>Exercises/</c> (the reference with the edits
    /// applied) and <c>Tests/</c> (the learner's copy of the visible tests).
    /// </summary>
    public void Materialize(CourseLayout layout, string folder)
    {
        CopyReference(layout, folder);
        foreach (var file in FromStarter)
        {
            File.Copy(Path.Combine(layout.Starter, file), Path.Combine(folder, file), overwrite: true);
        }
        foreach (var edit in Edits)
        {
            var path = Path.Combine(folder, edit.File);
            var text = File.ReadAllText(path);
            var replace = Expand(string.Join("\n", edit.Replace));
            if (edit.Find.Count == 0)
            {
                File.WriteAllText(path, text + replace + "\n");
                continue;
            }
            var find = string.Join("\n", edit.Find);
            var at = text.IndexOf(find, StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
            {
                throw new GraderException($"wrong submission '{Name}': the lines to replace must occur exactly once in {edit.File}, and they occur {(at < 0 ? "nowhere" : "more than once")}:\n{find}");
            }
            File.WriteAllText(path, text[..at] + replace + text[(at + find.Length)..]);
        }
        foreach (var link in Links)
        {
            var path = Path.Combine(folder, link.Path);
            File.Delete(path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.CreateSymbolicLink(path, link.Target.Replace("{course}", layout.Root, StringComparison.Ordinal));
        }
    }

    private static string Expand(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\{\{repeat:(.+?):(\d+)\}\}", match =>
            string.Concat(Enumerable.Repeat(match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>The reference solution laid out as a submission (markers and all: they are comments).</summary>
    public static void CopyReference(CourseLayout layout, string folder)
    {
        Copy(layout.SolutionExercises, Path.Combine(folder, "Exercises"), "*.cs");
        Copy(Path.Combine(layout.Starter, "Tests"), Path.Combine(folder, "Tests"), "*.cs");
    }

    /// <summary>The starter laid out as a submission: what a learner who changed nothing hands in.</summary>
    public static void CopyStarter(CourseLayout layout, string folder)
    {
        Copy(layout.StarterExercises, Path.Combine(folder, "Exercises"), "*.cs");
        Copy(Path.Combine(layout.Starter, "Tests"), Path.Combine(folder, "Tests"), "*.cs");
    }

    private static void Copy(string from, string to, string pattern)
    {
        foreach (var (relative, full) in CourseLayout.SourceFiles(from, pattern))
        {
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(full, target, overwrite: true);
        }
    }
}

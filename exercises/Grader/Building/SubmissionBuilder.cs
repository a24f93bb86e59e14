using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Building;

/// <summary>
/// Builds a submission for grading: its exercise files into Course.Exercises.dll in the compile worker (a chapter
/// that does not compile, crashes the compiler or keeps it busy past its limit is replaced by its stub and costs
/// only its own tests), and beside it the grader's visible and hidden test assemblies, compiled against the
/// starter's signatures.
/// </summary>
public static class SubmissionBuilder
{
    public const string ExercisesAssembly = ExerciseCompilation.AssemblyName;
    public const string TestsAssembly = TestAssemblies.VisibleName;

    /// <summary>
    /// The built assemblies on disk, the tests, per chapter replaced by the starter the reason, what was rejected, the
    /// watched APIs used, per task that calls what it asks the learner to write the reason, and the members the
    /// submission lacks (put back as stubs: per member, not per chapter).
    /// </summary>
    public sealed record Build(string ExercisesPath, string VisibleTestsPath, string HiddenTestsPath, TestAssemblies.Set Tests,
        IReadOnlyDictionary<string, string> ChaptersNotCompiled, IReadOnlyList<string> Rejected, IReadOnlyList<string> Watched,
        IReadOnlyDictionary<string, string> EngineCalls, IReadOnlyList<MissingMembers.Restored> MissingMembers);

    /// <remarks>With <paramref name="diskCache"/>, the grader's tests may come from (and go to) the on-disk cache.</remarks>
    public static Build Compile(CourseLayout layout, IReadOnlyDictionary<string, SourceFile> submitted, string outputDirectory, RunLimits limits, bool diskCache = false)
    {
        // The grader's own folder: only the grader may read it (hosts get copies of what they need).
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(outputDirectory);
        }
        else
        {
            Directory.CreateDirectory(outputDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // The grader's tests compile here while the worker compiles the submission: two cores, two compilers.
        var testsCompiling = Task.Run(() => TestAssemblies.For(layout, diskCache));
        var starter = StarterFiles(layout).Values.ToList();
        var exercisesPath = Path.Combine(outputDirectory, $"{ExercisesAssembly}.dll");
        var broken = new Dictionary<string, string>();
        ExerciseCompilation.Result? result = null;
        // Each failed round takes at least one submitted file out, or gives up: it ends.
        while (result is null)
        {
            var current = submitted.Values.Where(file => !broken.ContainsKey(file.Path)).ToList();
            var outcome = Run(current);
            if (outcome.Result is not null)
            {
                result = outcome.Result;
                break;
            }
            var named = outcome.LastProgress?.Split(' ', 2) is [("parse" or "bind"), var path] ? path : null;
            if (named is not null && current.Any(source => source.Path == named))
            {
                broken[named] = outcome.Failure!;
                continue;
            }
            // The failure names no file (it happened while emitting): compile each file alone to find the culprits.
            var before = broken.Count;
            foreach (var file in current)
            {
                if (Run([file]) is { Result: null } alone)
                {
                    broken[file.Path] = alone.Failure!;
                }
            }
            if (broken.Count == before)
            {
                throw new GraderException($"the compiler fails on this submission ({outcome.Failure}) but on none of its files alone");
            }
        }
        var notCompiled = result.ChaptersNotCompiled.ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var (file, failure) in broken)
        {
            var chapter = CourseLayout.ChapterOf(file) ?? file;
            notCompiled[chapter] = $"{file}: {failure} (nesting too deep, or overloads that make the compiler try too many combinations?), so chapter {chapter} was graded as not implemented";
        }
        var tests = testsCompiling.GetAwaiter().GetResult();
        var visiblePath = Path.Combine(outputDirectory, $"{TestAssemblies.VisibleName}.dll");
        var hiddenPath = Path.Combine(outputDirectory, $"{TestAssemblies.HiddenName}.dll");
        File.WriteAllBytes(visiblePath, tests.Visible);
        File.WriteAllBytes(hiddenPath, tests.Hidden);
        return new Build(exercisesPath, visiblePath, hiddenPath, tests, notCompiled, result.Rejected, result.Watched, result.EngineCalls, result.MissingMembers);

        CompileWorker.Outcome Run(IReadOnlyList<SourceFile> files) =>
            CompileWorker.Compile(new ExerciseCompilation.Request(files, starter, exercisesPath), outputDirectory, limits.CompileCpuSeconds);
    }

    /// <summary>The starter's exercise files by name: the stubs a chapter falls back to, and the names a submission must use.</summary>
    public static IReadOnlyDictionary<string, SourceFile> StarterFiles(CourseLayout layout) =>
        CourseLayout.SourceFiles(layout.StarterExercises)
            .ToDictionary(file => file.Relative, file => new SourceFile(file.Relative, File.ReadAllText(file.Full)));
}

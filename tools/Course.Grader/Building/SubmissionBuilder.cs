using Microsoft.CodeAnalysis;

namespace DeepLearning.Grading.Building;

/// <summary>
/// Builds a submission against the grader's own tests: the exercise files into Course.Exercises.dll, then the
/// tests (visible and hidden) against it into Course.Exercises.Tests.dll. A compile error costs only its chapter:
/// the chapter's file is replaced by the starter's stub and the build tried again, and the chapter's tests then
/// fail with the compiler's messages.
/// </summary>
public static class SubmissionBuilder
{
    public const string ExercisesAssembly = "Course.Exercises";
    public const string TestsAssembly = "Course.Exercises.Tests";
    private const int MaxErrorsShown = 8;

    /// <summary>The built assemblies on disk, and per chapter replaced by the starter, the compiler's reasons.</summary>
    public sealed record Build(string TestsAssemblyPath, IReadOnlyDictionary<string, string> ChaptersNotCompiled);

    public static Build Compile(CourseLayout layout, IReadOnlyDictionary<string, SourceFile> submitted, string outputDirectory)
    {
        var starter = StarterFiles(layout);
        var tests = CourseLayout.SourceFiles(layout.SolutionTests)
            .Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Full)))
            .ToList();
        var testUsings = CSharpCompiler.ProjectUsings(Path.Combine(layout.SolutionTests, $"{TestsAssembly}.csproj"));
        var chosen = starter.ToDictionary(pair => pair.Key, pair => submitted.GetValueOrDefault(pair.Key) ?? pair.Value);
        var notCompiled = new Dictionary<string, string>();
        var libraries = CSharpCompiler.LibraryReferences();
        // Each round replaces at least one submitted file by its stub, so this ends.
        while (true)
        {
            var exercises = CSharpCompiler.Compile(ExercisesAssembly, chosen.Values, libraries, []);
            if (!exercises.Success)
            {
                ReplaceByStubs(exercises.Errors, "did not compile", chosen, starter, notCompiled);
                continue;
            }
            var exercisesReference = MetadataReference.CreateFromImage(exercises.Image!);
            var compiledTests = CSharpCompiler.Compile(TestsAssembly, tests, libraries.Append(exercisesReference), testUsings);
            if (!compiledTests.Success)
            {
                ReplaceByStubs(compiledTests.Errors, "does not fit the tests (did a signature change?)", chosen, starter, notCompiled);
                continue;
            }
            Directory.CreateDirectory(outputDirectory);
            File.WriteAllBytes(Path.Combine(outputDirectory, $"{ExercisesAssembly}.dll"), exercises.Image!);
            var testsPath = Path.Combine(outputDirectory, $"{TestsAssembly}.dll");
            File.WriteAllBytes(testsPath, compiledTests.Image!);
            return new Build(testsPath, notCompiled);
        }
    }

    /// <summary>The starter's exercise files by name: the stubs a chapter falls back to, and the names a submission must use.</summary>
    public static IReadOnlyDictionary<string, SourceFile> StarterFiles(CourseLayout layout) =>
        CourseLayout.SourceFiles(layout.StarterExercises)
            .ToDictionary(file => file.Relative, file => new SourceFile(file.Relative, File.ReadAllText(file.Full)));

    // Errors are mapped to chapters by file name: an error in Chapter3.*.cs, or in the tests of chapter 3,
    // sends chapter 3's exercise file back to its stub.
    private static void ReplaceByStubs(IReadOnlyList<Diagnostic> errors, string what, Dictionary<string, SourceFile> chosen,
        IReadOnlyDictionary<string, SourceFile> starter, Dictionary<string, string> notCompiled)
    {
        var byChapter = errors.GroupBy(error => CourseLayout.ChapterOf(error.Location.GetLineSpan().Path ?? "") ?? "");
        var replaced = false;
        foreach (var group in byChapter)
        {
            var files = chosen.Keys.Where(name => group.Key.Length == 0 || CourseLayout.ChapterOf(name) == group.Key).ToList();
            foreach (var name in files.Where(name => !ReferenceEquals(chosen[name], starter[name])))
            {
                chosen[name] = starter[name];
                var chapter = CourseLayout.ChapterOf(name) ?? name;
                var shown = group.Take(MaxErrorsShown).Select(CSharpCompiler.Format).ToList();
                var more = group.Count() > MaxErrorsShown ? $"\n... and {group.Count() - MaxErrorsShown} more errors" : "";
                notCompiled[chapter] = $"{name} {what}, so chapter {chapter} was graded as not implemented:\n{string.Join("\n", shown)}{more}";
                replaced = true;
            }
        }
        if (!replaced)
        {
            throw new GraderException($"the grader's tests do not compile against the starter:\n{string.Join("\n", errors.Take(MaxErrorsShown).Select(CSharpCompiler.Format))}");
        }
    }
}

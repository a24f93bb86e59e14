namespace DeepLearning.Grading.Generation;

/// <summary>
/// Makes the learners' copy, <c>Starter/</c>, from <c>Solution/</c>: every exercise file with its solution regions
/// replaced by stubs, the project files as they are, and the visible tests without <c>Tests/Hidden/</c>. The
/// starter is generated, never edited: <see cref="Differences"/> is what CI checks.
/// </summary>
public static class StarterGenerator
{
    private const string HiddenFolder = "Hidden/";

    /// <summary>The starter's files: path relative to the course folder (Starter/...) → content.</summary>
    public static IReadOnlyDictionary<string, string> Generate(CourseLayout layout)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (relative, full) in CourseLayout.SourceFiles(layout.SolutionExercises, "*.*").Where(IsSource))
        {
            var text = File.ReadAllText(full);
            files[$"Starter/Exercises/{relative}"] = relative.EndsWith(".cs", StringComparison.Ordinal) ? SolutionRegions.Strip(text, relative) : text;
        }
        foreach (var (relative, full) in CourseLayout.SourceFiles(layout.SolutionTests, "*.*").Where(IsSource))
        {
            if (!relative.StartsWith(HiddenFolder, StringComparison.Ordinal))
            {
                files[$"Starter/Tests/{relative}"] = File.ReadAllText(full);
            }
        }
        files["Starter/README.md"] = Readme;
        return files;
    }

    /// <summary>What differs between the generated starter and the one on disk: files missing, extra or changed.</summary>
    public static IReadOnlyList<string> Differences(CourseLayout layout)
    {
        var generated = Generate(layout);
        var onDisk = OnDisk(layout);
        var differences = new List<string>();
        foreach (var (path, text) in generated)
        {
            if (!onDisk.TryGetValue(path, out var full))
            {
                differences.Add($"missing: {path}");
            }
            else if (File.ReadAllText(full) != text)
            {
                differences.Add($"changed: {path}");
            }
        }
        differences.AddRange(onDisk.Keys.Where(path => !generated.ContainsKey(path)).Select(path => $"extra: {path}"));
        return differences;
    }

    /// <summary>Writes the starter, removing files that are no longer generated. Returns the paths written.</summary>
    public static IReadOnlyList<string> Write(CourseLayout layout)
    {
        var generated = Generate(layout);
        foreach (var (path, full) in OnDisk(layout).Where(file => !generated.ContainsKey(file.Key)))
        {
            File.Delete(full);
        }
        foreach (var (path, text) in generated)
        {
            var full = Path.Combine(layout.Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (!File.Exists(full) || File.ReadAllText(full) != text)
            {
                File.WriteAllText(full, text);
            }
        }
        return [.. generated.Keys];
    }

    private static Dictionary<string, string> OnDisk(CourseLayout layout) =>
        Directory.Exists(layout.Starter)
            ? CourseLayout.SourceFiles(layout.Starter, "*.*").Where(IsSource).ToDictionary(file => $"Starter/{file.Relative}", file => file.Full)
            : [];

    private static bool IsSource((string Relative, string Full) file) =>
        Path.GetExtension(file.Relative) is ".cs" or ".csproj" or ".md";

    private const string Readme = """
        # Exercises: your copy

        Generated from `exercises/Solution` by `dlc-grade generate`: do not edit the tests here; they are replaced
        whenever the course changes, and the grader uses its own copy anyway.

        Each method in `Exercises/` that throws `NotImplementedException("Task X.Y: ...")` is a task. Fill it in,
        then run its tests:

        ```bash
        dotnet test exercises/Starter/Tests --filter "Category=task:3.1"   # one task
        dotnet test exercises/Starter/Tests                                 # all of them
        ```

        A notebook runs the same tests against the function you wrote in it: `Checks.Run("3.1", MatMulBackward);`.

        To hand in, upload the files of `Exercises/` (`Chapter1.ScalarAutograd.cs`, ...). The grader runs these
        visible tests and hidden ones, each with a time limit; a chapter that does not compile scores 0 but the
        other chapters still count.

        A task whose comment says `// Write it yourself; not allowed here: Tensor.Im2Col, ...` asks you to write what
        the engine already has: if its method (or a helper it calls) uses one of those members, all of that task's
        tests fail, with the call and its line, however right the answer.

        """;
}

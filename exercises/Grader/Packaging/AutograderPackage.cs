using System.IO.Compression;
using System.Text.Json;

namespace DeepLearning.Grading.Packaging;

/// <summary>
/// Builds the zip that a teacher uploads to Gradescope as the autograder:
/// <c>setup.sh</c> (which installs exactly the runtime this grader runs on) and <c>run_autograder</c> at the root
/// (Gradescope's contract), the grader in <c>grader/</c> (built from the commit it names: <c>--version</c>),
/// and in <c>course/</c> the tests (visible and hidden), the starter stubs and the course configuration, if any. The reference solution is not
/// included: the grader never needs it.
/// </summary>
public static class AutograderPackage
{
    public static readonly string[] Scripts = ["setup.sh", "run_autograder"];

    /// <summary>Where the course configuration goes in the zip; run_autograder grades with it when it is there.</summary>
    public const string ConfigEntry = "course/course.json";

    /// <summary>
    /// Writes the zip and returns the entries it holds. A course configuration is checked against the course's tests
    /// first (a mistake in it stops the package, not a learner's grading) and goes in as <see cref="ConfigEntry"/>.
    /// </summary>
    public static IReadOnlyList<string> Write(CourseLayout layout, string zipPath, string? configPath = null)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (configPath is not null)
        {
            var tests = Building.TestAssemblies.For(layout);
            CourseConfig.Load(configPath).Check([.. tests.VisibleTests, .. tests.HiddenTests]);
            entries[ConfigEntry] = Path.GetFullPath(configPath);
        }
        foreach (var file in GraderFiles())
        {
            entries[$"grader/{Path.GetFileName(file)}"] = file;
        }
        foreach (var (relative, full) in CourseLayout.SourceFiles(layout.SolutionTests, "*.*").Where(file => file.Relative.EndsWith(".cs", StringComparison.Ordinal) || file.Relative.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            entries[$"course/Solution/Tests/{relative}"] = full;
        }
        foreach (var (relative, full) in CourseLayout.SourceFiles(layout.StarterExercises))
        {
            entries[$"course/Starter/Exercises/{relative}"] = full;
        }
        var fullZipPath = Path.GetFullPath(zipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullZipPath)!);
        File.Delete(fullZipPath);
        using (var zip = ZipFile.Open(fullZipPath, ZipArchiveMode.Create))
        {
            foreach (var script in Scripts)
            {
                var entry = zip.CreateEntry(script);
                // rwxr-xr-x, so that Gradescope (and unzip) can run the scripts as they are.
                entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
                using var writer = new StreamWriter(entry.Open(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                writer.Write(Script(script));
            }
            foreach (var (name, source) in entries)
            {
                zip.CreateEntryFromFile(source, name, CompressionLevel.Optimal);
            }
        }
        return [.. Scripts, .. entries.Keys];
    }

    /// <summary>
    /// A script as it goes into the zip: its template, with setup.sh's runtime pinned to the one this grader runs on
    /// (the runtime it was built and tested with), never "the latest 10.0".
    /// </summary>
    public static string Script(string name)
    {
        using var template = typeof(AutograderPackage).Assembly.GetManifestResourceStream($"DeepLearning.Grading.Templates.{name}")
            ?? throw new GraderException($"the grader was built without its {name} template");
        return new StreamReader(template).ReadToEnd().Replace(RuntimePlaceholder, CourseVersion.Current.Runtime, StringComparison.Ordinal);
    }

    private const string RuntimePlaceholder = "@RUNTIME_VERSION@";

    /// <summary>
    /// The grader's own files: dlc-grade.dll with its runtimeconfig and deps, and every runtime assembly that the deps
    /// file lists, taken from the directory the grader runs from.
    /// </summary>
    public static IReadOnlyList<string> GraderFiles()
    {
        var self = typeof(AutograderPackage).Assembly.Location;
        var directory = Path.GetDirectoryName(self)!;
        var name = Path.GetFileNameWithoutExtension(self);
        var depsPath = Path.Combine(directory, $"{name}.deps.json");
        var files = new List<string> { self, depsPath, Path.Combine(directory, $"{name}.runtimeconfig.json") };
        using var deps = JsonDocument.Parse(File.ReadAllText(depsPath));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("runtime", out var runtime))
                {
                    files.AddRange(runtime.EnumerateObject().Select(asset => Path.Combine(directory, Path.GetFileName(asset.Name))));
                }
            }
        }
        var missing = files.Where(file => !File.Exists(file)).ToList();
        return missing.Count == 0
            ? files.Distinct().ToList()
            : throw new GraderException($"the grader's directory {directory} lacks {string.Join(", ", missing.Select(Path.GetFileName))}");
    }
}

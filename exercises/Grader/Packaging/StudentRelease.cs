using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Packaging;

/// <summary>
/// The learner's copy of the course, as nbgrader releases an assignment: the learner's notebooks, the generated
/// starter, the engine, the GPU library, the notebook kit and runner, the set-up, and a README for learners. It holds
/// no reference solution, no hidden test and no wrong submission: everything it takes from <c>exercises/</c> is
/// generated from <c>exercises/Solution</c> with the solutions stripped.
/// </summary>
public static class StudentRelease
{
    /// <summary>Folders copied as they are (less build output), relative to the repository.</summary>
    public static readonly string[] CopiedFolders = ["engine", "notebooks/Kit", "notebooks/Runner"];

    /// <summary>Files copied as they are, relative to the repository.</summary>
    public static readonly string[] CopiedFiles =
        ["LICENSE", ".editorconfig", "Directory.Build.props", "Directory.Packages.props", ".config/dotnet-tools.json", "notebooks/setup-jupyter.sh", "notebooks/setup.csx"];

    /// <summary>The release's scripts, written executable.</summary>
    public static readonly string[] Scripts = ["notebooks/setup.sh", "notebooks/setup-jupyter.sh"];

    /// <summary>Writes the release into <paramref name="folder"/>, which must be empty or absent. Returns the files, relative to it.</summary>
    public static IReadOnlyList<string> Write(CourseLayout layout, string folder)
    {
        var root = Path.GetFullPath(folder);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new GraderException($"{root} is not empty: a release goes into a new folder");
        }
        var repository = Path.GetDirectoryName(layout.Root.TrimEnd('/'))!;
        var files = new SortedDictionary<string, Func<Stream>>(StringComparer.Ordinal);
        foreach (var source in CopiedFolders)
        {
            foreach (var (relative, full) in CourseLayout.SourceFiles(Path.Combine(repository, source), "*"))
            {
                files[$"{source}/{relative}"] = () => File.OpenRead(full);
            }
        }
        foreach (var file in CopiedFiles)
        {
            var full = Path.Combine(repository, file);
            files[file] = () => File.OpenRead(full);
        }
        foreach (var (relative, text) in StarterGenerator.Generate(layout))
        {
            files[$"exercises/{relative}"] = Text(text);
        }
        foreach (var (name, text) in NotebookGenerator.Generate(layout, NotebookGenerator.Copy.Learner))
        {
            files[$"notebooks/{name}"] = Text(text);
        }
        files["README.md"] = Template("README.md");
        files["notebooks/setup.sh"] = Template("setup.sh");
        files[".gitignore"] = Template("gitignore");
        var leaks = SolutionLeaks.Find(layout, files.Where(file => IsText(file.Key)).ToDictionary(file => file.Key, file => Read(file.Value)));
        if (leaks.Count > 0)
        {
            throw new GraderException("the release would give solutions away; nothing was written:\n  " + string.Join("\n  ", leaks));
        }
        foreach (var (relative, open) in files)
        {
            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var input = open())
            using (var output = File.Create(target))
            {
                input.CopyTo(output);
            }
            if (Scripts.Contains(relative) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
        return [.. files.Keys];
    }

    /// <summary>The files a learner reads as text; the rest (the embedded data set) is binary.</summary>
    public static bool IsText(string path) =>
        Path.GetExtension(path) is ".cs" or ".csx" or ".csproj" or ".props" or ".md" or ".ipynb" or ".json" or ".sh" or ".txt" or "" or ".editorconfig" or ".gitignore";

    private static string Read(Func<Stream> open)
    {
        using var reader = new StreamReader(open());
        return reader.ReadToEnd();
    }

    private static Func<Stream> Text(string text) => () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

    private static Func<Stream> Template(string name) => () =>
        typeof(StudentRelease).Assembly.GetManifestResourceStream($"DeepLearning.Grading.Release.{name}")
        ?? throw new GraderException($"the grader was built without the release's {name}");
}

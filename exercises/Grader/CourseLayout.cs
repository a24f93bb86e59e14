namespace DeepLearning.Grading;

/// <summary>
/// Where the course's exercise files are. In the repository that is <c>exercises/</c>; in a Gradescope
/// autograder, <c>/autograder/source/course</c>, which holds the same folders less the reference solution.
/// </summary>
/// <remarks>
/// <c>Solution/Exercises</c> — the reference solution, marked with BEGIN/END SOLUTION (the source of truth);
/// <c>Solution/Tests</c> — visible tests in <c>Visible/</c>, hidden tests in <c>Hidden/</c>;
/// <c>Starter/</c> — generated from Solution for learners: stubs, and the visible tests only;
/// <c>WrongSubmissions/</c> — wrong submissions with the scores they must get.
/// </remarks>
public sealed record CourseLayout(string Root)
{
    public string SolutionExercises => Path.Combine(Root, "Solution", "Exercises");

    public string SolutionTests => Path.Combine(Root, "Solution", "Tests");

    public string Starter => Path.Combine(Root, "Starter");

    public string StarterExercises => Path.Combine(Starter, "Exercises");

    public string WrongSubmissions => Path.Combine(Root, "WrongSubmissions");

    /// <summary>The course's notebooks, beside <c>exercises/</c> in the repository (an autograder has none).</summary>
    public string Notebooks => Path.GetFullPath(Path.Combine(Root, "..", "notebooks"));

    /// <summary>
    /// The course folder named on the command line, or else the <c>exercises/</c> folder found by walking up from
    /// the current directory and then from the grader's own directory.
    /// </summary>
    public static CourseLayout Locate(string? explicitRoot = null)
    {
        if (explicitRoot is not null)
        {
            var layout = new CourseLayout(Path.GetFullPath(explicitRoot));
            return Directory.Exists(layout.SolutionTests)
                ? layout
                : throw new GraderException($"'{explicitRoot}' is not a course folder: it has no Solution/Tests");
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = new CourseLayout(Path.Combine(directory.FullName, "exercises"));
                if (Directory.Exists(candidate.SolutionTests))
                {
                    return candidate;
                }
            }
        }
        throw new GraderException("could not find the course's exercises/ folder; pass --course DIR");
    }

    /// <summary>The .cs files under a folder, skipping build output, as (path relative to the folder, full path), sorted.</summary>
    public static IReadOnlyList<(string Relative, string Full)> SourceFiles(string folder, string pattern = "*.cs") =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Select(full => (Relative: Path.GetRelativePath(folder, full).Replace('\\', '/'), Full: full))
            .Where(file => !file.Relative.Split('/').Any(part => part is "bin" or "obj"))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();

    /// <summary>The chapter of an exercise or test file from its name, "Chapter3.MatMulAndSoftmax.cs" → "3", or null.</summary>
    public static string? ChapterOf(string path)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(path), @"^Chapter(\d+)\.");
        return match.Success ? match.Groups[1].Value : null;
    }
}

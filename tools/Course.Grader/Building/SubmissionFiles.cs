namespace DeepLearning.Grading.Building;

/// <summary>
/// Picks the exercise files out of a submission folder, however it was uploaded (flat, in Exercises/, inside a
/// copy of the repository). Only files named like the starter's exercise files are graded; everything else —
/// tests, project files, helpers — is ignored, so a submission cannot change the tests or the build.
/// </summary>
public static class SubmissionFiles
{
    /// <summary>Larger files are not read: no exercise file comes near it.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>What was found: the exercise files by name, and notes on what was missing or ignored.</summary>
    public sealed record Selection(IReadOnlyDictionary<string, SourceFile> Files, IReadOnlyList<string> Notes);

    public static Selection Select(string submissionFolder, IReadOnlyCollection<string> exerciseFileNames)
    {
        if (!Directory.Exists(submissionFolder))
        {
            throw new GraderException($"the submission folder '{submissionFolder}' does not exist");
        }
        var all = CourseLayout.SourceFiles(submissionFolder);
        var files = new Dictionary<string, SourceFile>();
        var notes = new List<string>();
        foreach (var name in exerciseFileNames)
        {
            // Prefer a copy in a folder named Exercises, then the shallowest, so that a stray backup elsewhere loses.
            var candidates = all.Where(file => Path.GetFileName(file.Relative) == name)
                .OrderByDescending(file => Path.GetFileName(Path.GetDirectoryName(file.Full)) == "Exercises")
                .ThenBy(file => file.Relative.Count(character => character == '/'))
                .ThenBy(file => file.Relative, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 0)
            {
                notes.Add($"{name}: not in the submission; its tasks score 0");
                continue;
            }
            var chosen = candidates[0];
            if (new FileInfo(chosen.Full).Length > MaxFileBytes)
            {
                notes.Add($"{chosen.Relative}: larger than {MaxFileBytes / 1024} KB, not graded; its tasks score 0");
                continue;
            }
            files[name] = new SourceFile(name, File.ReadAllText(chosen.Full));
            notes.Add($"graded {chosen.Relative}" + (candidates.Count > 1 ? $" (other copies ignored: {string.Join(", ", candidates.Skip(1).Select(file => file.Relative))})" : ""));
        }
        var ignored = all.Where(file => !exerciseFileNames.Contains(Path.GetFileName(file.Relative))).Select(file => file.Relative).ToList();
        if (ignored.Count > 0)
        {
            notes.Add($"ignored (only the exercise files are graded, against the grader's own tests): {string.Join(", ", ignored.Take(10))}{(ignored.Count > 10 ? $" and {ignored.Count - 10} more" : "")}");
        }
        return new Selection(files, notes);
    }
}

namespace DeepLearning.Grading.Building;

/// <summary>
/// Picks the exercise files out of a submission folder, however it was uploaded (flat, in Exercises/, inside a
/// copy of the repository). Only files named like the starter's exercise files are graded; everything else —
/// tests, project files, helpers — is ignored, so a submission cannot change the tests or the build. A symbolic
/// link is followed only to a regular file inside the submission: a link that leaves it (to the hidden tests, say)
/// is refused, and links to folders are never followed.
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
        var notes = new List<string>();
        var all = Walk(submissionFolder, notes);
        var files = new Dictionary<string, SourceFile>();
        foreach (var name in exerciseFileNames)
        {
            // Prefer a copy in a folder named Exercises, then the shallowest, so that a stray backup elsewhere loses.
            var candidates = all.Where(file => Path.GetFileName(file.Relative) == name)
                .OrderByDescending(file => Path.GetFileName(Path.GetDirectoryName(file.Relative)) == "Exercises")
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

    // The .cs files under the folder as (relative, full path), sorted, skipping build output and refusing links
    // that leave the folder.
    private static List<(string Relative, string Full)> Walk(string submissionFolder, List<string> notes)
    {
        var root = new DirectoryInfo(Path.GetFullPath(submissionFolder));
        var realRoot = (root.ResolveLinkTarget(returnFinalTarget: true) ?? root).FullName.TrimEnd('/') + "/";
        var found = new List<(string Relative, string Full)>();
        var pending = new Stack<DirectoryInfo>([root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root.FullName, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is not null)
                {
                    var target = entry.ResolveLinkTarget(returnFinalTarget: true);
                    if (entry is DirectoryInfo || target is DirectoryInfo)
                    {
                        notes.Add($"{relative}: a link to a folder, not followed");
                    }
                    else if (target is null || !target.Exists || !target.FullName.StartsWith(realRoot, StringComparison.Ordinal))
                    {
                        notes.Add($"{relative}: a link to a file outside the submission: refused");
                    }
                    else if (entry.Name.EndsWith(".cs", StringComparison.Ordinal))
                    {
                        found.Add((relative, target.FullName));
                    }
                }
                else if (entry is DirectoryInfo child)
                {
                    if (child.Name is not ("bin" or "obj"))
                    {
                        pending.Push(child);
                    }
                }
                else if (entry.Name.EndsWith(".cs", StringComparison.Ordinal))
                {
                    found.Add((relative, entry.FullName));
                }
            }
        }
        return found.OrderBy(file => file.Relative, StringComparer.Ordinal).ToList();
    }
}

namespace DeepLearning.Grading.Building;

/// <summary>
/// Picks the exercise files out of a submission folder, however it was uploaded (flat, in Exercises/, inside a
/// copy of the repository). Only files named like the starter's exercise files are graded, or, for a chapter without
/// one, the your-turn cells of the chapter's notebook; everything else — tests, project files, helpers — is ignored, so a submission cannot change the tests or the build. A symbolic
/// link is followed only to a regular file inside the submission: a link that leaves it (to the hidden tests, say)
/// is refused, and links to folders are never followed.
/// </summary>
public static class SubmissionFiles
{
    /// <summary>Larger files are not read: no exercise file comes near it.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>
    /// What was found: the exercise files by name, notes on what was graded, missing or ignored, and per task whose
    /// notebook cell did not compile (and so was left out), why.
    /// </summary>
    public sealed record Selection(IReadOnlyDictionary<string, SourceFile> Files, IReadOnlyList<string> Notes)
    {
        public IReadOnlyDictionary<string, string> CellsNotCompiled { get; init; } = new Dictionary<string, string>();
    }

    /// <summary>Larger notebooks are not read: their outputs (plots) may make them far larger than a .cs file.</summary>
    public const int MaxNotebookBytes = 32 * 1024 * 1024;

    /// <summary>
    /// Picks each chapter's exercise file: the submitted <c>ChapterN.Name.cs</c>, or else, or when that file is still
    /// the starter's, the your-turn cells of the chapter's notebook (<see cref="NotebookSubmission"/>). The notes say
    /// which file was graded, and for a chapter with neither, which files to upload.
    /// </summary>
    /// <param name="submissionFolder">The folder to grade.</param>
    /// <param name="starter">The starter's exercise files by name.</param>
    /// <param name="notebookNames">The course's notebooks (<c>03-backpropagation-through-tensors.ipynb</c>), to name them in notes; none in an autograder.</param>
    public static Selection Select(string submissionFolder, IReadOnlyDictionary<string, SourceFile> starter, IReadOnlyCollection<string>? notebookNames = null)
    {
        if (!Directory.Exists(submissionFolder))
        {
            throw new GraderException($"the submission folder '{submissionFolder}' does not exist");
        }
        var notes = new List<string>();
        var all = Walk(submissionFolder, notes);
        var notebooks = Notebooks(all.Where(file => file.Relative.EndsWith(".ipynb", StringComparison.Ordinal)), notes);
        var files = new Dictionary<string, SourceFile>();
        var used = new HashSet<string>();
        var cellsNotCompiled = new Dictionary<string, string>();
        foreach (var name in starter.Keys)
        {
            var chapter = CourseLayout.ChapterOf(name);
            (string Relative, string Text)? notebook = chapter is not null && notebooks.TryGetValue(chapter, out var found) ? found : null;
            // Prefer a copy in a folder named Exercises, then the shallowest, so that a stray backup elsewhere loses.
            var candidates = all.Where(file => Path.GetFileName(file.Relative) == name)
                .OrderByDescending(file => Path.GetFileName(Path.GetDirectoryName(file.Relative)) == "Exercises")
                .ThenBy(file => file.Relative.Count(character => character == '/'))
                .ThenBy(file => file.Relative, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 0 && notebook is null)
            {
                var notebookName = notebookNames?.FirstOrDefault(file => file.StartsWith($"{int.Parse(chapter ?? "-1"):00}-", StringComparison.Ordinal)) ?? $"{int.Parse(chapter ?? "-1"):00}-*.ipynb";
                notes.Add($"{name}: not in the submission, nor chapter {chapter}'s notebook ({notebookName}); its tasks score 0. To grade them, upload {name} (from exercises/Starter/Exercises) or the notebook {notebookName} with your cells");
                continue;
            }
            if (candidates.Count > 0 && new FileInfo(candidates[0].Full).Length > MaxFileBytes)
            {
                notes.Add($"{candidates[0].Relative}: larger than {MaxFileBytes / 1024} KB, not graded; its tasks score 0");
                continue;
            }
            var text = candidates.Count > 0 ? File.ReadAllText(candidates[0].Full) : null;
            var others = candidates.Count > 1 ? $" (other copies ignored: {string.Join(", ", candidates.Skip(1).Select(file => file.Relative))})" : "";
            if (notebook is not null && (text is null || SameText(text, starter[name].Text)))
            {
                var converted = NotebookSubmission.Convert(notebook.Value.Relative, notebook.Value.Text, starter[name]);
                files[name] = converted.File;
                used.Add(notebook.Value.Relative);
                notes.Add($"graded the your-turn cells of {notebook.Value.Relative} as {name}" + (text is null ? "" : $" ({candidates[0].Relative} is the starter's, unchanged, so the notebook was graded instead)"));
                foreach (var (task, reason) in converted.CellsNotCompiled)
                {
                    cellsNotCompiled[task] = reason;
                    notes.Add($"{TaskCatalog.Kind(task)} {task}: {reason}");
                }
                continue;
            }
            files[name] = new SourceFile(name, text!);
            if (notebook is not null)
            {
                used.Add(notebook.Value.Relative);
            }
            notes.Add($"graded {candidates[0].Relative}{others}" + (notebook is null ? "" : $"; {notebook.Value.Relative} was not graded (a changed .cs file is graded before the chapter's notebook)"));
        }
        if (files.Count == 0)
        {
            notes.Insert(0, $"Nothing to grade: the submission holds none of the exercise files ({string.Join(", ", starter.Keys)}) and no chapter notebook with your-turn cells. Upload those files from exercises/Starter/Exercises, or the chapters' notebooks{(notebookNames is { Count: > 0 } ? $" ({string.Join(", ", notebookNames)})" : "")}.");
        }
        var ignored = all.Where(file => !starter.ContainsKey(Path.GetFileName(file.Relative)) && !used.Contains(file.Relative)).Select(file => file.Relative).ToList();
        if (ignored.Count > 0)
        {
            notes.Add($"ignored (only the exercise files and the chapters' notebooks are graded, against the grader's own tests): {string.Join(", ", ignored.Take(10))}{(ignored.Count > 10 ? $" and {ignored.Count - 10} more" : "")}");
        }
        return new Selection(files, notes) { CellsNotCompiled = cellsNotCompiled };
    }

    // The chapter notebooks: by chapter (read from their your-turn cells' ids), the one in a notebooks folder or the
    // shallowest first.
    private static Dictionary<string, (string Relative, string Text)> Notebooks(IEnumerable<(string Relative, string Full)> files, List<string> notes)
    {
        var byChapter = new Dictionary<string, (string Relative, string Text)>();
        foreach (var file in files.OrderBy(file => file.Relative.Count(character => character == '/')).ThenBy(file => file.Relative, StringComparer.Ordinal))
        {
            if (new FileInfo(file.Full).Length > MaxNotebookBytes)
            {
                notes.Add($"{file.Relative}: larger than {MaxNotebookBytes / (1024 * 1024)} MB, not graded (clear its outputs and upload it again)");
                continue;
            }
            var text = File.ReadAllText(file.Full);
            if (NotebookSubmission.ChapterOf(text) is { } chapter)
            {
                byChapter.TryAdd(chapter, (file.Relative, text));
            }
        }
        return byChapter;
    }

    private static bool SameText(string a, string b) => a.Replace("\r\n", "\n").Trim() == b.Replace("\r\n", "\n").Trim();

    // The .cs and .ipynb files under the folder as (relative, full path), sorted, skipping build output and refusing links
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
                    else if (Graded(entry.Name))
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
                else if (Graded(entry.Name))
                {
                    found.Add((relative, entry.FullName));
                }
            }
        }
        return found.OrderBy(file => file.Relative, StringComparer.Ordinal).ToList();
    }

    private static bool Graded(string name) => name.EndsWith(".cs", StringComparison.Ordinal) || name.EndsWith(".ipynb", StringComparison.Ordinal);
}

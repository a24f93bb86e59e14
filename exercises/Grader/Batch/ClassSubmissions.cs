namespace DeepLearning.Grading.Batch;

/// <summary>A student of a class, as the submissions name them: a name, and a student id and e-mail where known.</summary>
public sealed record Student(string Name, string Sid = "", string Email = "");

/// <summary>One submission folder of a class and the students it counts for (several for a group submission).</summary>
/// <param name="Name">The folder's name, which also names its results (<c>results/NAME/results.json</c>).</param>
/// <param name="Folder">The folder's full path.</param>
/// <param name="Students">Who it counts for, in the order the export lists them.</param>
public sealed record ClassSubmission(string Name, string Folder, IReadOnlyList<Student> Students);

/// <summary>
/// Finds the submissions of a class in a folder, in one of two layouts: Gradescope's submission export (a
/// <c>submission_metadata.yml</c> beside the submission folders, see <see cref="GradescopeExport"/>), or a plain
/// folder a student, named after the student.
/// </summary>
public static class ClassSubmissions
{
    public static IReadOnlyList<ClassSubmission> Find(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new GraderException(File.Exists(folder)
                ? $"'{folder}' is a file: unpack the export and name its folder"
                : $"the submissions folder '{folder}' does not exist");
        }
        var root = Path.GetFullPath(folder);
        if (File.Exists(Path.Combine(root, GradescopeExport.MetadataFile)))
        {
            return GradescopeExport.Read(root);
        }
        // A folder that is itself one submission would otherwise become a "student" a subfolder (Exercises, Tests).
        if (Directory.Exists(Path.Combine(root, "Exercises")) || Directory.EnumerateFiles(root, "Chapter*.cs").Any())
        {
            throw new GraderException($"'{folder}' looks like one submission (it holds the exercise files): grade it with `dlc-grade grade`, or name the folder that holds a folder a student");
        }
        // Gradescope's zip unpacks into a folder of its own (assignment_NNN_export/): the export is that folder.
        if (Directory.EnumerateDirectories(root).FirstOrDefault(directory => File.Exists(Path.Combine(directory, GradescopeExport.MetadataFile))) is { } export)
        {
            throw new GraderException($"'{folder}' holds Gradescope's export in {Path.GetFileName(export)}/: name that folder");
        }
        var submissions = Directory.EnumerateDirectories(root)
            .Where(directory => !Path.GetFileName(directory).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(directory => new ClassSubmission(Path.GetFileName(directory), directory, [new Student(Path.GetFileName(directory))]))
            .ToList();
        return submissions.Count > 0
            ? submissions
            : throw new GraderException($"'{folder}' holds no submission: neither a {GradescopeExport.MetadataFile} (Gradescope's export) nor a folder a student");
    }
}

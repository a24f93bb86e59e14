using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeepLearning.Grading.Batch;

/// <summary>
/// Gradescope's "Export Submissions" layout: a folder a submission and <c>submission_metadata.yml</c>, which maps
/// each folder's name to its submitters (keys are Ruby symbols, hence the colons; a group submission lists several):
/// <code>
/// submission_123456:
///   :submitters:
///   - :name: Ada Lovelace
///     :sid: '1815'
///     :email: ada@example.edu
///   :created_at: 2026-03-01 12:00:00.000000000 +01:00
/// </code>
/// Everything but the submitters (times, scores, history) is ignored.
/// </summary>
public static class GradescopeExport
{
    public const string MetadataFile = "submission_metadata.yml";

    /// <summary>The submissions the metadata lists, in its order; a folder that is missing is an error, not a zero.</summary>
    public static IReadOnlyList<ClassSubmission> Read(string exportFolder)
    {
        var path = Path.Combine(exportFolder, MetadataFile);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException exception)
        {
            throw new GraderException($"{path} is not valid YAML: {exception.Message} (line {exception.Start.Line})");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode entries)
        {
            throw new GraderException($"{path} should map each submission folder to its submitters, and it holds no such mapping");
        }
        var submissions = new List<ClassSubmission>();
        foreach (var (key, value) in entries.Children)
        {
            var name = Scalar(key);
            if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\']) >= 0)
            {
                throw new GraderException($"{path}: '{name}' is not the name of a submission folder");
            }
            var folder = Path.Combine(exportFolder, name);
            if (!Directory.Exists(folder))
            {
                throw new GraderException($"{path} lists {name}, but the export has no folder {name}/");
            }
            var students = Submitters(value, $"{path}, {name}");
            // A submission without a submitter (uploaded by staff, say) still gets its row, under its folder's name.
            submissions.Add(new ClassSubmission(name, folder, students.Count > 0 ? students : [new Student(name)]));
        }
        return submissions.Count > 0 ? submissions : throw new GraderException($"{path} lists no submission");
    }

    private static IReadOnlyList<Student> Submitters(YamlNode entry, string where)
    {
        if (entry is not YamlMappingNode fields || !fields.Children.TryGetValue(new YamlScalarNode(":submitters"), out var submitters) || submitters is not YamlSequenceNode list)
        {
            throw new GraderException($"{where}: no list of :submitters");
        }
        var students = list.Children.Select(node => node is YamlMappingNode submitter
            ? new Student(Field(submitter, ":name"), Field(submitter, ":sid"), Field(submitter, ":email"))
            : throw new GraderException($"{where}: a submitter should have a :name, a :sid and an :email")).ToList();
        if (students.Any(student => student.Name.Length == 0 && student.Sid.Length == 0 && student.Email.Length == 0))
        {
            throw new GraderException($"{where}: every submitter needs a :name, a :sid or an :email");
        }
        return students;
    }

    private static string Field(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Scalar(value) : "";

    private static string Scalar(YamlNode node) => node is YamlScalarNode { Value: { } text } ? text.Trim() : "";
}

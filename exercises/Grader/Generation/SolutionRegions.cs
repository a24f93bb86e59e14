using System.Text;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// The reference code between <c>// BEGIN SOLUTION</c> and <c>// END SOLUTION</c>, which the starter replaces by
/// <c>throw new NotImplementedException("Task X.Y: title");</c> (<c>"Question X.a: title"</c> for a question). The id and
/// title come from the nearest <c>// Task X.Y: title</c> or <c>// Question X.a: title</c> comment above the region, so the stub's comment and its message always agree. A
/// region is the rest of a method body: the throw then ends the method, and the stub compiles without warnings.
/// </summary>
/// <remarks>
/// The one reader of the markers: the starter (<see cref="Strip"/>), the learner's and the teacher's notebooks
/// (<see cref="Strip"/> and <see cref="Reveal"/>) and the release's check for leaked solutions (<see cref="Find"/>)
/// all go through <see cref="Walk"/>.
/// </remarks>
public static class SolutionRegions
{
    public const string Begin = "// BEGIN SOLUTION";
    public const string End = "// END SOLUTION";

    /// <summary>One marked region: its task, and its lines without the markers.</summary>
    public sealed record Region(string Task, string Title, IReadOnlyList<string> Lines);

    /// <summary>The regions of a file, in order.</summary>
    public static IReadOnlyList<Region> Find(string text, string fileName)
    {
        var regions = new List<Region>();
        Walk(text, fileName, (_, region) => regions.Add(region), _ => { });
        return regions;
    }

    /// <summary>The file with every region replaced by a throw that names its task.</summary>
    public static string Strip(string text, string fileName)
    {
        var output = new StringBuilder();
        Walk(text, fileName,
            (indent, region) => output.Append(indent).Append($"throw new NotImplementedException(\"{TaskCatalog.Kind(region.Task)} {region.Task}: {region.Title}\");").Append('\n'),
            line => output.Append(line).Append('\n'));
        return output.ToString();
    }

    /// <summary>The file with the markers taken out and the solutions kept: the teacher's view.</summary>
    public static string Reveal(string text, string fileName)
    {
        var output = new StringBuilder();
        Walk(text, fileName,
            (_, region) => region.Lines.Aggregate(output, (builder, line) => builder.Append(line).Append('\n')),
            line => output.Append(line).Append('\n'));
        return output.ToString();
    }

    private static void Walk(string text, string fileName, Action<string, Region> onRegion, Action<string> onLine)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        // Split leaves one empty string after a final newline; it is not a line of the file.
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        (string Id, string Title)? task = null;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            if (TaskCatalog.TaskComment().Match(line) is { Success: true } match)
            {
                task = (match.Groups["id"].Value, match.Groups["title"].Value.Trim());
            }
            var trimmed = line.Trim();
            if (trimmed == End)
            {
                throw new GraderException($"{fileName}:{i + 1}: {End} without a {Begin} before it");
            }
            if (trimmed != Begin)
            {
                onLine(line);
                continue;
            }
            if (task is null)
            {
                throw new GraderException($"{fileName}:{i + 1}: {Begin} needs a '// Task X.Y: title' comment above it");
            }
            var body = new List<string>();
            var start = i;
            for (i++; i < count && lines[i].Trim() != End; i++)
            {
                if (lines[i].Trim() == Begin)
                {
                    throw new GraderException($"{fileName}:{i + 1}: {Begin} inside the region opened at line {start + 1}");
                }
                body.Add(lines[i]);
            }
            if (i == count)
            {
                throw new GraderException($"{fileName}:{start + 1}: {Begin} is never closed by {End}");
            }
            onRegion(line[..(line.Length - line.TrimStart().Length)], new Region(task.Value.Id, task.Value.Title, body));
        }
    }
}

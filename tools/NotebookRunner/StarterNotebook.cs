using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeepLearning.NotebookRunner;

/// <summary>
/// The learner's copy of a chapter, made from the reference: in each "your turn" cell the lines from
/// <c>// BEGIN SOLUTION</c> to <c>// END SOLUTION</c> become <c>throw new NotImplementedException();</c>.
/// One source, the starter generated (as nbgrader does), never maintained by hand.
/// </summary>
public static partial class StarterNotebook
{
    public const string BeginSolution = "// BEGIN SOLUTION";
    public const string EndSolution = "// END SOLUTION";

    /// <summary>A cell's source with every solution region replaced by a NotImplementedException, at its indentation.</summary>
    public static string StarterSource(string source)
    {
        var lines = source.Split('\n');
        var starter = new List<string>();
        string? indentation = null;
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed == BeginSolution)
            {
                indentation = line[..(line.Length - line.TrimStart().Length)];
            }
            else if (trimmed == EndSolution && indentation is not null)
            {
                starter.Add(indentation + "throw new NotImplementedException();");
                indentation = null;
            }
            else if (indentation is null)
            {
                starter.Add(line);
            }
        }
        return string.Join('\n', starter);
    }

    /// <summary>The whole notebook with its solutions taken out.</summary>
    public static CourseNotebook From(CourseNotebook reference)
    {
        var json = (JsonObject)reference.Json.DeepClone();
        foreach (var cell in json["cells"]!.AsArray().Select(node => node!.AsObject()))
        {
            if ((string?)cell["cell_type"] != "code")
            {
                continue;
            }
            var source = CourseNotebook.SourceText(cell);
            if (source.Contains(BeginSolution, StringComparison.Ordinal))
            {
                cell["source"] = StarterSource(source);
            }
        }
        return CourseNotebook.FromJson(reference.Path, json.ToJsonString());
    }

    /// <summary>The task id a check cell checks, from its <c>Check("1.2", …)</c> call; null for other cells.</summary>
    public static string? CheckedTaskId(NotebookCell cell) =>
        cell.IsCode && CheckCall().Match(cell.Source) is { Success: true } match ? match.Groups["id"].Value : null;

    public static bool IsYourTurnCell(NotebookCell cell) => cell.IsCode && cell.Source.Contains(BeginSolution, StringComparison.Ordinal);

    [GeneratedRegex("""^Check\("(?<id>[0-9]+\.[0-9]+)",""", RegexOptions.Multiline)]
    private static partial Regex CheckCall();
}

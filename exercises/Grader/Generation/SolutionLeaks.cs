using System.Text.RegularExpressions;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// Finds reference solutions in text meant for learners: a solution marker or a whole solution body anywhere, and in
/// what is generated from the solutions (the exercise stubs, the notebooks' your-turn cells) also any line of a
/// solution long enough to be distinctive code. Whitespace is ignored, so re-indenting a body does not hide it. The
/// regions come from the one marker reader, <see cref="SolutionRegions"/>.
/// </summary>
/// <remarks>
/// A quick question's solution is one line, <c>return 'B';</c> or <c>return 4;</c>: anywhere else (the engine returns 4
/// somewhere) it says nothing, so it is looked for only in what is generated from the solutions. Its visible test
/// holds a hash of the answer, never the answer (<c>QuestionTests</c> checks that).
/// </remarks>
/// <remarks>
/// Single lines are not looked for in hand-written material: the engine implements the ideas the tasks ask for, and a
/// line such as <c>var loss = Losses.CrossEntropy(model.Forward(inputs), targets);</c> is how anyone writes it, not a
/// solution given away. In a stub or a your-turn cell, any such line means the generator let a solution through.
/// </remarks>
public static partial class SolutionLeaks
{
    /// <summary>A line of a solution this long or longer, with its whitespace collapsed, counts as distinctive.</summary>
    public const int DistinctiveLineLength = 40;

    /// <summary>Each leak as "PATH: what", for every text (path relative to the release or repository → content) given.</summary>
    public static IReadOnlyList<string> Find(CourseLayout layout, IReadOnlyDictionary<string, string> texts)
    {
        var regions = CourseLayout.SourceFiles(layout.SolutionExercises)
            .SelectMany(file => SolutionRegions.Find(File.ReadAllText(file.Full), file.Relative))
            .ToList();
        var leaks = new List<string>();
        foreach (var (path, content) in texts)
        {
            var isNotebook = path.EndsWith(".ipynb", StringComparison.Ordinal);
            var text = isNotebook ? Sources(content, path, _ => true) : content;
            var generated = isNotebook ? Sources(content, path, cell => NotebookGenerator.TaskOfCell(cell) is not null)
                : path.Replace('\\', '/').Contains("Starter/Exercises/", StringComparison.Ordinal) ? content : "";
            if (text.Contains("BEGIN SOLUTION", StringComparison.Ordinal) || text.Contains("END SOLUTION", StringComparison.Ordinal))
            {
                leaks.Add($"{path}: a solution marker");
            }
            var (flat, flatGenerated) = (Collapse(text), Collapse(generated));
            foreach (var region in regions)
            {
                if (TaskCatalog.IsQuestion(region.Task))
                {
                    if (flatGenerated.Contains(Collapse(string.Join("\n", region.Lines)), StringComparison.Ordinal))
                    {
                        leaks.Add($"{path}: the answer of question {region.Task}");
                    }
                    continue;
                }
                if (flat.Contains(Collapse(string.Join("\n", region.Lines)), StringComparison.Ordinal))
                {
                    leaks.Add($"{path}: the whole solution of task {region.Task}");
                    continue;
                }
                leaks.AddRange(region.Lines.Select(Collapse)
                    .Where(line => line.Length >= DistinctiveLineLength && flatGenerated.Contains(line, StringComparison.Ordinal))
                    .Select(line => $"{path}: a line of the solution of task {region.Task}: {line}"));
            }
        }
        return leaks;
    }

    /// <summary>The sources of a notebook's chosen cells, one after the other: its JSON escapes would hide a body spread over lines.</summary>
    private static string Sources(string json, string path, Func<System.Text.Json.Nodes.JsonObject, bool> include) =>
        string.Join("\n", (JupyterJson.Parse(json, path)["cells"]?.AsArray().Select(cell => cell!.AsObject()) ?? []).Where(include).Select(JupyterJson.Source));

    /// <summary>Every run of whitespace as one space, trimmed.</summary>
    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

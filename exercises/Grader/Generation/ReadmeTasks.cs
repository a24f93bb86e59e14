using System.Text.RegularExpressions;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// What the READMEs say about the task set: the table of <c>exercises/README.md</c> (a row a task or question,
/// <c>| 3.1 | title | `Class.Method` | `signature` |</c>, in task order) and the counts of tasks and questions in it
/// and in the repository's README ("47 tasks and 36 questions", "47 autograded tasks and 36 quick"). The task-set
/// tests read them, and <c>dlc-grade new-task</c> writes them.
/// </summary>
public static partial class ReadmeTasks
{
    /// <summary>The table's rows, id → title, in file order.</summary>
    public static IReadOnlyList<(string Id, string Title)> Rows(string readme) =>
        TaskRow().Matches(readme).Select(match => (match.Groups["id"].Value, match.Groups["title"].Value.Trim())).ToList();

    /// <summary>The counts of tasks and questions each README states, as (tasks, questions) a mention.</summary>
    public static IReadOnlyList<(int Tasks, int Questions)> Counts(string readme) =>
        Count().Matches(readme).Select(match => (int.Parse(match.Groups["tasks"].Value), int.Parse(match.Groups["questions"].Value))).ToList();

    /// <summary>The README with a row added in task order: before the first row whose id comes after the new one.</summary>
    public static string AddRow(string readme, string id, string title, string member, string signature)
    {
        var row = $"| {id} | {title} | `{member}` | `{signature}` |\n";
        var rows = TaskRow().Matches(readme).ToList();
        if (rows.Count == 0)
        {
            throw new GraderException("exercises/README.md has no task table (rows '| 3.1 | title | `Class.Method` | `signature` |')");
        }
        var after = rows.FirstOrDefault(match => TaskIdComparer.Instance.Compare(match.Groups["id"].Value, id) > 0);
        var at = after?.Index ?? readme.IndexOf('\n', rows[^1].Index) + 1;
        return readme.Insert(at, row);
    }

    /// <summary>The README with every count of tasks and questions set to the given ones.</summary>
    public static string SetCounts(string readme, int tasks, int questions) =>
        Count().Replace(readme, match =>
        {
            var (first, second) = (match.Groups["tasks"], match.Groups["questions"]);
            return $"{tasks}{readme[(first.Index + first.Length)..second.Index]}{questions}{readme[(second.Index + second.Length)..(match.Index + match.Length)]}";
        });

    [GeneratedRegex(@"^\| (?<id>\d+\.(?:\d+|[a-z])) \| (?<title>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex TaskRow();

    // "47 tasks and 36 questions" (exercises/README.md) and "47 autograded tasks and 36 quick" (README.md).
    [GeneratedRegex(@"(?<tasks>\d+) (?:autograded )?tasks and (?<questions>\d+) (?:quick|questions)")]
    private static partial Regex Count();
}

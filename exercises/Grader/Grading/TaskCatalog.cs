using System.Text.RegularExpressions;

namespace DeepLearning.Grading;

/// <summary>
/// The tasks and their titles, read from the <c>// Task X.Y: title</c> comments of the exercise files: the same
/// line that the learner sees above each stub. A quick question is a task too, under <c>// Question X.a: title</c>:
/// its id ends with a letter, and it is graded like any task.
/// </summary>
public static partial class TaskCatalog
{
    /// <summary>Task id → title, in file order.</summary>
    public static IReadOnlyDictionary<string, string> Read(IEnumerable<string> exerciseTexts)
    {
        var titles = new Dictionary<string, string>();
        foreach (var text in exerciseTexts)
        {
            foreach (Match match in TaskComment().Matches(text))
            {
                titles.TryAdd(match.Groups["id"].Value, match.Groups["title"].Value.Trim());
            }
        }
        return titles;
    }

    /// <summary>A question's id ends with a letter ("3.a"); a task's with a number ("3.1").</summary>
    public static bool IsQuestion(string id) => id.Length > 0 && char.IsAsciiLetterLower(id[^1]);

    /// <summary>"Question" or "Task": the word before the id in the comment, the stub's message and the notebook.</summary>
    public static string Kind(string id) => IsQuestion(id) ? "Question" : "Task";

    /// <summary><c>// Task 3.1: title</c> or <c>// Question 3.a: title</c>, with groups kind, id and title.</summary>
    [GeneratedRegex(@"^\s*// (?<kind>Task|Question) (?<id>\d+\.(?:\d+|[a-z])): (?<title>.+)$", RegexOptions.Multiline)]
    internal static partial Regex TaskComment();
}

using System.Text.RegularExpressions;

namespace DeepLearning.Grading;

/// <summary>
/// The tasks and their titles, read from the <c>// Task X.Y: title</c> comments of the exercise files: the same
/// line that the learner sees above each stub.
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
                titles.TryAdd(match.Groups[1].Value, match.Groups[2].Value.Trim());
            }
        }
        return titles;
    }

    [GeneratedRegex(@"^\s*// Task (\d+\.\d+): (.+)$", RegexOptions.Multiline)]
    internal static partial Regex TaskComment();
}

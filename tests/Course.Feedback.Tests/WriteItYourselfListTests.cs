using System.Reflection;
using System.Text.RegularExpressions;
using DeepLearning.Exercises.Tests;

namespace DeepLearning.Exercises.Feedback;

/// <summary>
/// The "Write it yourself; not allowed here" list of each task lives twice: in the comment above the reference (which
/// the grader and the notebook kit read) and on the task's visible fixture (<see cref="WriteItYourselfAttribute"/>,
/// which the visible tests check). They must be the same list.
/// </summary>
[TestFixture]
public sealed partial class WriteItYourselfListTests
{
    [Test]
    public void EachFixtureRepeatsItsTasksList()
    {
        var comments = ListsInTheExercises();
        // Hidden fixtures carry the task on their tests, not on the class: every fixture found here is a visible one.
        var fixtures = typeof(Checks).Assembly.GetExportedTypes()
            .Select(type => (Task: type.GetCustomAttributes<CategoryAttribute>().Select(category => category.Name).FirstOrDefault(name => name.StartsWith("task:", StringComparison.Ordinal))?[5..],
                List: type.GetCustomAttribute<WriteItYourselfAttribute>()?.Members))
            .Where(fixture => fixture.Task is not null)
            .ToList();
        Assert.Multiple(() =>
        {
            foreach (var (task, list) in fixtures)
            {
                Assert.That(list ?? [], Is.EqualTo(comments.GetValueOrDefault(task!, [])), $"task {task}: the fixture's WriteItYourself and the comment's list");
            }
            Assert.That(comments.Keys.Where(task => !fixtures.Any(fixture => fixture.Task == task)), Is.Empty, "tasks with a list and no visible fixture");
        });
    }

    private static Dictionary<string, string[]> ListsInTheExercises()
    {
        var folder = Path.Combine(RepositoryRoot(), "exercises", "Solution", "Exercises");
        var lists = new Dictionary<string, string[]>();
        foreach (var file in Directory.GetFiles(folder, "*.cs"))
        {
            string? task = null;
            foreach (var line in File.ReadLines(file))
            {
                if (TaskComment().Match(line) is { Success: true } comment)
                {
                    task = comment.Groups["id"].Value;
                }
                else if (NotAllowedLine().Match(line) is { Success: true } list && task is not null)
                {
                    lists[task] = list.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                }
            }
        }
        return lists;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DeepLearningCourse.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("no DeepLearningCourse.sln above the test's folder");
    }

    [GeneratedRegex(@"^\s*// (?:Task|Question) (?<id>\d+\.(?:\d+|[a-z])): ")]
    private static partial Regex TaskComment();

    [GeneratedRegex(@"^\s*// Write it yourself; not allowed here: (?<names>.+)$")]
    private static partial Regex NotAllowedLine();
}

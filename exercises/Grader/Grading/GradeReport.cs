using DeepLearning.Grading.Running;

namespace DeepLearning.Grading;

/// <summary>One graded test: what it is, what it scored, and what the learner is told about it.</summary>
/// <param name="Test">The test and its task, weight and hint.</param>
/// <param name="Number">Task id and position within the task, "3.1.2", for Gradescope's ordering.</param>
/// <param name="Name">"Task 3.1 (the backward of matrix multiplication): dot product"; hidden tests are numbered, not named.</param>
/// <param name="Score">Its weight if it passed, else 0.</param>
/// <param name="Outcome">What running it gave.</param>
/// <param name="Feedback">What a learner may see: for a visible test the full message and hint; for a hidden one the kind of failure and the hint.</param>
/// <param name="Details">The full message and output, for the teacher (terminal with --reveal-hidden, never results.json).</param>
public sealed record GradedTest(TestCaseInfo Test, string Number, string Name, double Score, TestOutcome Outcome, string Feedback, string Details)
{
    public bool Passed => Outcome.Passed;

    public double MaxScore => Test.Weight;
}

/// <summary>The grade of one submission.</summary>
/// <param name="Tests">Every graded test, by task, visible tests first.</param>
/// <param name="TaskTitles">Task id → title, from the exercise files' comments.</param>
/// <param name="Notes">Which files were graded or ignored, and why chapters did not compile.</param>
/// <param name="ExecutionSeconds">Wall time of the whole grading, build included.</param>
/// <param name="HostStarts">How many test processes ran: one a group (visible, hidden twice), plus one after each crash, timeout or kill, and one for each test run again alone.</param>
public sealed record GradeReport(IReadOnlyList<GradedTest> Tests, IReadOnlyDictionary<string, string> TaskTitles, IReadOnlyList<string> Notes, double ExecutionSeconds, int HostStarts)
{
    /// <summary>What only the teacher sees (the terminal, never results.json): crashes that were not charged, nondeterminism, forged or leftover processes.</summary>
    public IReadOnlyList<string> TeacherNotes { get; init; } = [];

    /// <summary>The OS boundary the tests ran in, in one line.</summary>
    public string Isolation { get; init; } = "";

    /// <summary>What lateness takes off (the course configuration's late policy); null when on time or without a policy.</summary>
    public LateDeduction? Late { get; init; }

    /// <summary>The SHA-256 of the course configuration file that set points and policies, or null when the tests' attributes did.</summary>
    public string? ConfigSha256 { get; init; }

    /// <summary>The points of the tests that passed, before any late deduction.</summary>
    public double Score => Tests.Sum(test => test.Score);

    /// <summary>The grade: <see cref="Score"/> less what lateness takes off.</summary>
    public double FinalScore => Late?.Apply(Score) ?? Score;

    public double MaxScore => Tests.Sum(test => test.MaxScore);

    public double Percent => MaxScore == 0 ? 0 : 100 * Score / MaxScore;

    /// <summary>Per task: (score, max score), in task order.</summary>
    public IEnumerable<(string Task, double Score, double MaxScore)> TaskScores() =>
        Tests.GroupBy(test => test.Test.Task)
            .OrderBy(group => group.Key, TaskIdComparer.Instance)
            .Select(group => (group.Key, group.Sum(test => test.Score), group.Sum(test => test.MaxScore)));
}

/// <summary>
/// Orders task ids numerically: 2.1 before 10.1, 3.2 before 3.10; a chapter's questions (3.a, 3.b) after its tasks,
/// in the order of their letters.
/// </summary>
public sealed class TaskIdComparer : IComparer<string>
{
    public static readonly TaskIdComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var left = (x ?? "").Split('.').Select(Rank).ToArray();
        var right = (y ?? "").Split('.').Select(Rank).ToArray();
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            if (left[i] != right[i])
            {
                return left[i].CompareTo(right[i]);
            }
        }
        return left.Length.CompareTo(right.Length);
    }

    // A number is its value; a question's letter comes after every number.
    private static long Rank(string part) =>
        int.TryParse(part, out var n) ? n : part is [var letter] && char.IsAsciiLetterLower(letter) ? int.MaxValue + 1L + letter : 0;
}

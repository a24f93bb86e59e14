namespace DeepLearning.Grading.Running;

/// <summary>
/// One runnable test as the grader sees it: where it lives, which task it scores for, and how.
/// </summary>
/// <param name="Id">Fixture and method, with arguments for a [TestCase]: <c>Task3_1_MatMulBackward.DotProduct</c>.</param>
/// <param name="Task">The task id from the test's "task:X.Y" category, e.g. "3.1".</param>
/// <param name="Hidden">True for tests in the "hidden" category: they score, but learners never see them.</param>
/// <param name="Weight">Points for passing (1 unless the test has [Weight]).</param>
/// <param name="Hint">The test's [Hint], shown with a failure.</param>
/// <param name="TimeLimitSeconds">The test's [TimeLimit], or null for the grader's default.</param>
/// <param name="DisplayName">The method name in words: "dot product".</param>
public sealed record TestCaseInfo(string Id, string Task, bool Hidden, double Weight, string? Hint, int? TimeLimitSeconds, string DisplayName)
{
    /// <summary>The chapter a task belongs to: "3" for "3.1".</summary>
    public string Chapter => Task.Split('.')[0];

    /// <summary>
    /// The one kind of failure the hint is about (the [Hint]'s Cause: "WrongValues", "WrongShape", "NotANumber",
    /// "Crash"), or null for a hint about the test's inputs, which goes with any failure of the task's code.
    /// </summary>
    public string? HintCause { get; init; }
}

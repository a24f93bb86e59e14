namespace DeepLearning.Exercises.Mistakes;

/// <summary>
/// Marks a wrong implementation of a task that learners really write: a static method with the task's signature.
/// Its task's check must fail it, and what the check prints must name the mistake.
/// </summary>
/// <param name="taskId">The task, e.g. "6.1".</param>
/// <param name="description">What the learner did, in one line.</param>
/// <param name="mustName">Words that the failing checks' messages must contain (case-insensitive): the cause, named.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MistakeAttribute(string taskId, string description, string mustName) : Attribute
{
    public string TaskId { get; } = taskId;

    public string Description { get; } = description;

    public string MustName { get; } = mustName;

    /// <summary>Words that must not appear: a hint about another cause (a padding hint for a stride bug).</summary>
    public string? MustNotName { get; init; }
}

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>
/// Marks a static method as what the chapter uses for task <see cref="TaskId"/> until the learner's function passes
/// its check: the engine's own version where the engine has one, otherwise a short version of the course's. Its
/// signature is the task's. <see cref="Description"/> completes "the cells below use …".
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FallbackForAttribute(string taskId, string description) : Attribute
{
    public string TaskId { get; } = taskId;

    public string Description { get; } = description;
}

using System.Reflection;

namespace DeepLearning.Notebooks;

/// <summary>
/// The checks of the notebook-only tasks (chapters 0 and 10, which have no exercise): each is a method of this
/// assembly marked <see cref="TaskCheckAttribute"/>. A task that exists in <c>exercises/</c> is never checked
/// here, so that one id never means two different checks.
/// </summary>
public static class NotebookTaskChecks
{
    private static readonly Lazy<IReadOnlyDictionary<string, (TaskCheckAttribute Task, MethodInfo Method)>> s_checks = new(FindChecks);

    public static IReadOnlyCollection<string> TaskIds => s_checks.Value.Keys.ToArray();

    public static bool Contains(string taskId) => s_checks.Value.ContainsKey(taskId);

    public static string Title(string taskId) => s_checks.Value[taskId].Task.Title;

    /// <summary>Runs the task's check; a confirmation, or <see cref="TaskCheckFailedException"/> naming the first wrong case.</summary>
    public static string Check(string taskId, Delegate solution)
    {
        var (task, method) = s_checks.Value[taskId];
        var expected = method.GetParameters()[0].ParameterType;
        if (!expected.IsInstanceOfType(solution))
        {
            throw YourTurn.WrongSignature(taskId, task.Title, expected, solution);
        }
        try
        {
            var cases = (int)method.Invoke(null, [solution])!;
            return $"✔ Task {taskId} passed: {task.Title} ({cases} cases checked).";
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            throw wrapped.InnerException switch
            {
                CheckMismatchException mismatch =>
                    new TaskCheckFailedException($"Task {taskId} ({task.Title}) is not right yet: {mismatch.Message}"),
                NotImplementedException => YourTurn.NotDoneYet(taskId, task.Title),
                var problem =>
                    new TaskCheckFailedException($"Task {taskId} ({task.Title}): your function threw {problem.GetType().Name}: {problem.Message}", problem),
            };
        }
    }

    private static IReadOnlyDictionary<string, (TaskCheckAttribute, MethodInfo)> FindChecks()
    {
        var checks = typeof(NotebookTaskChecks).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Select(method => (Task: method.GetCustomAttribute<TaskCheckAttribute>(), Method: method))
            .Where(check => check.Task is not null)
            .ToDictionary(check => check.Task!.Id, check => (check.Task!, check.Method));
        if (checks.Keys.FirstOrDefault(ExerciseTaskChecks.Contains) is { } clash)
        {
            throw new InvalidOperationException(
                $"course kit: task {clash} is an exercise, checked by its visible tests; a notebook-only check must take an id no exercise uses");
        }
        return checks;
    }
}

/// <summary>
/// Marks a static method as the check of a notebook-only task. The method takes the learner's function (one
/// delegate parameter), throws <see cref="CheckMismatchException"/> at the first case that is wrong, and returns
/// how many cases it checked.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TaskCheckAttribute(string id, string title) : Attribute
{
    public string Id { get; } = id;

    public string Title { get; } = title;
}

/// <summary>Thrown by a check at the first wrong case: what was given, what came back, what was expected.</summary>
public sealed class CheckMismatchException(string message) : Exception(message);

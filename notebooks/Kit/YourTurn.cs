using System.Reflection;

namespace DeepLearning.Notebooks;

/// <summary>
/// The instant checks of the "your turn" cells. A chapter's cell defines the learner's function; the next cell
/// calls <c>Check("1.2", Tanh)</c>, which runs that task's check (a method marked <see cref="TaskCheckAttribute"/>)
/// on the function and says either that it passed or, precisely, what is still wrong.
/// </summary>
/// <remarks>Task ids are the ones the exercises and the grader use: the same id in every place.</remarks>
public static class YourTurn
{
    private static readonly Lazy<IReadOnlyDictionary<string, (TaskCheckAttribute Task, MethodInfo Method)>> s_checks = new(FindChecks);

    /// <summary>Every task that has an instant check, by id.</summary>
    public static IReadOnlyCollection<string> TaskIds => s_checks.Value.Keys.ToArray();

    /// <summary>The title of a task, as the notebooks and the grader show it.</summary>
    public static string Title(string taskId) => Find(taskId).Task.Title;

    /// <summary>
    /// Runs the check of <paramref name="taskId"/> on the learner's function. Returns a one-line confirmation;
    /// throws <see cref="TaskCheckFailedException"/> with a helpful message when the function is not right yet.
    /// </summary>
    public static string Check(string taskId, Delegate solution)
    {
        var (task, method) = Find(taskId);
        var expected = method.GetParameters()[0].ParameterType;
        if (!expected.IsInstanceOfType(solution))
        {
            throw new TaskCheckFailedException(
                $"Task {taskId} ({task.Title}) expects a function of type {Describe(expected)}, but was given {Describe(solution.GetType())}. Keep the signature of the cell above.");
        }
        try
        {
            var cases = (int)method.Invoke(null, [solution])!;
            return $"✔ Task {taskId} passed: {task.Title} ({cases} cases checked).";
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            throw Explain(task, wrapped.InnerException);
        }
    }

    private static TaskCheckFailedException Explain(TaskCheckAttribute task, Exception problem) => problem switch
    {
        CheckMismatchException mismatch =>
            new TaskCheckFailedException($"Task {task.Id} ({task.Title}) is not right yet: {mismatch.Message}"),
        NotImplementedException =>
            new TaskCheckFailedException($"Task {task.Id} ({task.Title}) is not done yet: the function in the cell above still throws NotImplementedException. Write its body, run that cell, then run this check again."),
        _ =>
            new TaskCheckFailedException($"Task {task.Id} ({task.Title}): your function threw {problem.GetType().Name}: {problem.Message}", problem),
    };

    private static (TaskCheckAttribute Task, MethodInfo Method) Find(string taskId) =>
        s_checks.Value.TryGetValue(taskId, out var check)
            ? check
            : throw new ArgumentException($"There is no task '{taskId}'. Tasks with checks: {string.Join(", ", s_checks.Value.Keys.Order())}.");

    private static IReadOnlyDictionary<string, (TaskCheckAttribute, MethodInfo)> FindChecks() =>
        typeof(YourTurn).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Select(method => (Task: method.GetCustomAttribute<TaskCheckAttribute>(), Method: method))
            .Where(check => check.Task is not null)
            .ToDictionary(check => check.Task!.Id, check => (check.Task!, check.Method));

    /// <summary>A delegate type as a learner writes it: Func&lt;Value, Value&gt;, not Func`2[...].</summary>
    private static string Describe(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
            : type.Name;
}

/// <summary>
/// Marks a static method as the instant check of a task. The method takes the learner's function (one delegate
/// parameter), throws <see cref="CheckMismatchException"/> at the first case that is wrong, and returns how many
/// cases it checked.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TaskCheckAttribute(string id, string title) : Attribute
{
    public string Id { get; } = id;

    public string Title { get; } = title;
}

/// <summary>A "your turn" function is not right yet; the message says what to fix.</summary>
public sealed class TaskCheckFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Thrown by a check at the first wrong case: what was given, what came back, what was expected.</summary>
public sealed class CheckMismatchException(string message) : Exception(message);

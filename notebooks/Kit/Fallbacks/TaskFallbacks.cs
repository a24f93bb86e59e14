using System.Linq.Expressions;
using System.Reflection;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>
/// The stand-ins of unfinished tasks (methods marked <see cref="FallbackForAttribute"/>), handed out by
/// <see cref="YourTurn.Check"/> so that the cells after an unfinished task still run. Each says, once in every cell
/// that calls it, that it is standing in.
/// </summary>
public static class TaskFallbacks
{
    private static readonly Lazy<IReadOnlyDictionary<string, (FallbackForAttribute Fallback, MethodInfo Method)>> s_fallbacks = new(Find);

    /// <summary>The tasks that have a stand-in.</summary>
    public static IReadOnlyCollection<string> TaskIds => s_fallbacks.Value.Keys.ToArray();

    /// <summary>The stand-in for <paramref name="taskId"/> as a function of the learner's type, or null when it has none.</summary>
    public static (T Function, string Description)? For<T>(string taskId, string title, T yours) where T : Delegate
    {
        if (!s_fallbacks.Value.TryGetValue(taskId, out var found)
            || Delegate.CreateDelegate(typeof(T), found.Method, throwOnBindFailure: false) is not T function)
        {
            return null;
        }
        var notice = $"(Task {taskId}, {title}, is not done yet: this cell uses {found.Fallback.Description} instead of yours.)";
        return (Announcing(function, () => CellNotice.Once(notice)), found.Fallback.Description);
    }

    /// <summary>The tasks whose stand-in does not have the signature of the task's check (none, unless a task changed).</summary>
    public static IEnumerable<string> WithAnotherSignature() =>
        s_fallbacks.Value.Where(found => Delegate.CreateDelegate(DeepLearning.Exercises.Tests.Checks.Signature(found.Key), found.Value.Method, throwOnBindFailure: false) is null)
            .Select(found => found.Key);

    // The stand-in, first printing the notice: a delegate of the same type that runs both.
    private static T Announcing<T>(T function, Action announce) where T : Delegate
    {
        var parameters = typeof(T).GetMethod("Invoke")!.GetParameters().Select(parameter => Expression.Parameter(parameter.ParameterType, parameter.Name)).ToArray();
        var body = Expression.Block(Expression.Invoke(Expression.Constant(announce)), Expression.Invoke(Expression.Constant(function), parameters));
        return Expression.Lambda<T>(body, parameters).Compile();
    }

    private static IReadOnlyDictionary<string, (FallbackForAttribute, MethodInfo)> Find() =>
        typeof(TaskFallbacks).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Select(method => (Fallback: method.GetCustomAttribute<FallbackForAttribute>(), Method: method))
            .Where(found => found.Fallback is not null)
            .ToDictionary(found => found.Fallback!.TaskId, found => (found.Fallback!, found.Method));
}

namespace DeepLearning.Notebooks;

/// <summary>
/// The "your turn" cells. A chapter's cell defines the learner's function; the next cell calls
/// <c>Check("3.1", MatMulBackward);</c>, which runs that task's visible tests (the ones <c>dotnet test</c> and the
/// grader run) on the function and says in one line that it passed, or that it is not done yet, or, precisely, what
/// is still wrong.
/// </summary>
/// <remarks>
/// The check returns the function the rest of the chapter uses: the learner's once it passes, and until then, for
/// a task that is not started, the engine's own version (<see cref="Fallbacks.TaskFallbacks"/>), which says so in
/// one line in each cell that uses it. So "Run All" on the learner's copy runs the whole chapter: an unfinished task
/// never stops it. A wrong answer does stop it, at its check, with each failing test's reason and hint.
/// A quick question (<c>Check("3.a", Question3A)</c>) never stops it: a wrong answer prints where to look again, and
/// the cell after the check shows the answer.
/// </remarks>
public static class YourTurn
{
    /// <summary>Every task that has a check, in order.</summary>
    public static IReadOnlyList<string> TaskIds => ExerciseTaskChecks.TaskIds;

    /// <summary>The title of a task, as the notebooks, the exercises and the grader show it.</summary>
    public static string Title(string taskId) =>
        ExerciseTaskChecks.Contains(taskId) ? ExerciseTaskChecks.Title(taskId) : throw UnknownTask(taskId);

    /// <summary>
    /// Runs the checks of <paramref name="taskId"/> on <paramref name="yours"/> and prints one line about it. Returns
    /// the function for the cells below: yours when it passes; the engine's version when yours is still the stub
    /// (or yours, if the task has no stand-in). Throws <see cref="TaskCheckFailedException"/>, naming each failing test,
    /// when yours runs but is wrong.
    /// </summary>
    public static T Check<T>(string taskId, T yours) where T : Delegate
    {
        if (!ExerciseTaskChecks.Contains(taskId))
        {
            throw UnknownTask(taskId);
        }
        var title = Title(taskId);
        if (ExerciseTaskChecks.Check(taskId, yours) is { } verdict)
        {
            Console.WriteLine(verdict);
            return yours;
        }
        if (ExerciseTaskChecks.IsQuestion(taskId))
        {
            Console.WriteLine($"Question {taskId} ({title}) is not answered yet: predict, return your answer in the cell above, run it, then this one. The next cell shows the answer.");
            return yours;
        }
        var fallback = Fallbacks.TaskFallbacks.For(taskId, title, yours);
        Console.WriteLine($"Task {taskId} ({title}) is not done yet: write its body in the cell above, run that cell, then this one."
            + (fallback is null ? "" : $" Until it passes, the cells below use {fallback.Value.Description}."));
        return fallback?.Function ?? yours;
    }

    /// <summary>The your-turn cell of <paramref name="taskId"/> as the learner's notebook first had it: to start again.</summary>
    public static string Stub(string taskId) =>
        ExerciseTaskChecks.Contains(taskId)
            ? $"The starting cell of task {taskId}; paste it over your your-turn cell to start again:\n\n{TaskStubs.Cell(taskId)}"
            : throw UnknownTask(taskId);

    internal static TaskCheckFailedException WrongSignature(string taskId, string title, Type expected, Delegate given) =>
        new($"Task {taskId} ({title}) expects a function of type {Describe(expected)}, but was given {Describe(given.GetType())}. Keep the signature of the cell above.");

    /// <summary>A delegate type as a learner writes it: Func&lt;Value, Value&gt;, not Func`2[...].</summary>
    internal static string Describe(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
            : type.Name;

    private static ArgumentException UnknownTask(string taskId) =>
        new($"There is no task '{taskId}'. Tasks with checks: {string.Join(", ", TaskIds)}.");
}

/// <summary>A "your turn" function is not right yet; the message says what to fix.</summary>
public sealed class TaskCheckFailedException(string message, Exception? inner = null) : Exception(message, inner);

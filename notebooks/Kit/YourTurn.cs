namespace DeepLearning.Notebooks;

/// <summary>
/// The instant checks of the "your turn" cells. A chapter's cell defines the learner's function; the next cell
/// calls <c>Check("3.1", MatMulBackward)</c>, which runs that task's checks on the function and says either that
/// it passed or, precisely, what is still wrong.
/// </summary>
/// <remarks>
/// One task id everywhere. A task of <c>exercises/</c> (chapters 1 to 9) is checked by its visible NUnit tests,
/// the ones <c>dotnet test</c> and the grader run (<see cref="ExerciseTaskChecks"/>). Only the notebook-only
/// tasks of chapters 0 and 10, which have no exercise, have checks of their own (<see cref="NotebookTaskChecks"/>);
/// their ids never reuse an exercise's.
/// </remarks>
public static class YourTurn
{
    /// <summary>Every task that has an instant check, in order: the exercises' and the notebook-only ones.</summary>
    public static IReadOnlyList<string> TaskIds =>
        ExerciseTaskChecks.TaskIds.Concat(NotebookTaskChecks.TaskIds)
            .OrderBy(id => int.Parse(id.Split('.')[0])).ThenBy(id => int.Parse(id.Split('.')[1]))
            .ToList();

    /// <summary>The title of a task, as the notebooks, the exercises and the grader show it.</summary>
    public static string Title(string taskId) =>
        ExerciseTaskChecks.Contains(taskId) ? ExerciseTaskChecks.Title(taskId)
        : NotebookTaskChecks.Contains(taskId) ? NotebookTaskChecks.Title(taskId)
        : throw UnknownTask(taskId);

    /// <summary>
    /// Runs the checks of <paramref name="taskId"/> on the learner's function. Returns a one-line confirmation;
    /// throws <see cref="TaskCheckFailedException"/> with a helpful message when the function is not right yet.
    /// </summary>
    public static string Check(string taskId, Delegate solution) =>
        ExerciseTaskChecks.Contains(taskId) ? ExerciseTaskChecks.Check(taskId, solution)
        : NotebookTaskChecks.Contains(taskId) ? NotebookTaskChecks.Check(taskId, solution)
        : throw UnknownTask(taskId);

    /// <summary>The message of a learner's function that is still the starter's stub: the same for every task.</summary>
    internal static TaskCheckFailedException NotDoneYet(string taskId, string title) =>
        new($"Task {taskId} ({title}) is not done yet: the function in the cell above still throws NotImplementedException. Write its body, run that cell, then run this check again.");

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

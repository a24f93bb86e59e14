using System.Reflection;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// In-notebook checks: <c>Checks.Run("3.1", MatMulBackward);</c> runs task 3.1's visible tests against the
/// function written in the notebook and prints each result with its reason and hint. The tests are the same ones
/// that <c>dotnet test</c> and the grader run: each task's fixture takes the function under test in its
/// constructor.
/// </summary>
public static class Checks
{
    /// <summary>How long one test may run in a notebook before it is reported as too slow (it cannot be stopped).</summary>
    public static TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs the visible tests of <paramref name="taskId"/> (e.g. "3.1") against <paramref name="implementation"/>, a
    /// function with the task's signature (see <see cref="Signature"/>), prints a report and returns it. Throws
    /// <see cref="ArgumentException"/> for an unknown task or a function of another signature.
    /// </summary>
    public static CheckReport Run(string taskId, Delegate implementation)
    {
        var report = Evaluate(taskId, implementation);
        Console.WriteLine(report);
        return report;
    }

    /// <summary>
    /// <see cref="Run"/> without printing: for a host that presents the report itself (the notebooks' course kit,
    /// whose <c>Check("3.1", MatMulBackward)</c> calls this).
    /// </summary>
    public static CheckReport Evaluate(string taskId, Delegate implementation)
    {
        var fixtures = FixturesOf(taskId);
        var results = new List<CheckResult>();
        foreach (var fixture in fixtures)
        {
            var constructor = InjectingConstructor(fixture);
            var parameterType = constructor.GetParameters()[0].ParameterType;
            var function = Adapt(taskId, implementation, parameterType);
            var instance = constructor.Invoke([function]);
            // The engine's version of what the task asks for passes every test: a use fails them all, as in the grader.
            var use = fixture.GetCustomAttribute<WriteItYourselfAttribute>()?.FirstUse(function);
            foreach (var method in fixture.GetMethods().Where(method => method.IsDefined(typeof(TestAttribute))).OrderBy(method => method.MetadataToken))
            {
                results.Add(use is null ? RunOne(taskId, instance, method) : new CheckResult(NameOf(method), false, use, null));
            }
        }
        return new CheckReport(taskId, results);
    }

    /// <summary>The ids of the tasks that have visible tests, in order: in each chapter its tasks, then its questions (3.a, 3.b).</summary>
    public static IReadOnlyList<string> TaskIds => VisibleFixtures()
        .Select(TaskOf).OfType<string>().Distinct()
        .OrderBy(id => int.Parse(id.Split('.')[0])).ThenBy(id => int.TryParse(id.Split('.')[1], out var task) ? task : int.MaxValue - 26 + id[^1] - 'a')
        .ToList();

    /// <summary>The function type a task's check expects, e.g. <c>Func&lt;Tensor, Tensor, Tensor, ValueTuple&lt;Tensor, Tensor&gt;&gt;</c>.</summary>
    public static Type Signature(string taskId) => InjectingConstructor(FixturesOf(taskId)[0]).GetParameters()[0].ParameterType;

    private static IEnumerable<Type> VisibleFixtures() => typeof(Checks).Assembly.GetExportedTypes()
        .Where(type => type.GetCustomAttributes<CategoryAttribute>().All(category => category.Name != "hidden"));

    private static string? TaskOf(Type fixture) => fixture.GetCustomAttributes<CategoryAttribute>()
        .Select(category => category.Name).FirstOrDefault(name => name.StartsWith("task:", StringComparison.Ordinal))?[5..];

    private static List<Type> FixturesOf(string taskId)
    {
        var fixtures = VisibleFixtures().Where(type => TaskOf(type) == taskId).ToList();
        return fixtures.Count > 0
            ? fixtures
            : throw new ArgumentException($"check: there is no task '{taskId}'; the tasks are {string.Join(", ", TaskIds)}");
    }

    private static ConstructorInfo InjectingConstructor(Type fixture) =>
        fixture.GetConstructors().Single(constructor => constructor.GetParameters() is [{ ParameterType: var type }] && typeof(Delegate).IsAssignableFrom(type));

    // A notebook's method group or lambda arrives as a Func or Action of the right shape, or as another delegate
    // type with the same parameters; either becomes the fixture's delegate type.
    private static Delegate Adapt(string taskId, Delegate implementation, Type expected)
    {
        if (expected.IsInstanceOfType(implementation))
        {
            return implementation;
        }
        return Delegate.CreateDelegate(expected, implementation.Target, implementation.Method, throwOnBindFailure: false)
            ?? throw new ArgumentException($"check {taskId}: expected a function {Describe(expected)}, got {Describe(implementation.GetType())}");
    }

    private static string Describe(Type delegateType)
    {
        var invoke = delegateType.GetMethod("Invoke")!;
        return $"({string.Join(", ", invoke.GetParameters().Select(parameter => parameter.ParameterType.Name))}) → {invoke.ReturnType.Name}";
    }

    private static CheckResult RunOne(string taskId, object instance, MethodInfo method)
    {
        var name = NameOf(method);
        var hint = method.GetCustomAttribute<HintAttribute>()?.Properties.Get("Hint") as string;
        Task run;
        // Without the caller's execution context: inside an NUnit test (a test of this class), the check's
        // assertions must not be recorded as the calling test's failures.
        using (ExecutionContext.SuppressFlow())
        {
            run = Task.Run(() => method.Invoke(instance, null));
        }
        try
        {
            if (!run.Wait(TimeLimit))
            {
                return new CheckResult(name, false, $"still running after {TimeLimit.TotalSeconds:0} s: an infinite loop? (the cell keeps running it; restart the kernel if it does not stop)", hint);
            }
            return new CheckResult(name, true, null, hint);
        }
        catch (AggregateException aggregate)
        {
            var exception = aggregate.InnerException is TargetInvocationException { InnerException: { } inner } ? inner : aggregate.InnerException!;
            var message = exception switch
            {
                AssertionException => exception.Message.Trim(),
                NotImplementedException => $"not implemented yet: {exception.Message}",
                // With the task and the learner's line: "Task 6.5 threw IndexOutOfRangeException in your MaxPool2d (line 7 of your cell): ...".
                _ => LearnerFrame.Describe(taskId, exception),
            };
            var thrown = exception is AssertionException or NotImplementedException ? null : LearnerFrame.Find(exception);
            // A message that names its likely cause says more than the test's hint, which may be about another cause.
            return new CheckResult(name, false, message, message.Contains(Diagnosis.Prefix, StringComparison.Ordinal) ? null : hint)
            {
                IsNotImplemented = exception is NotImplementedException,
                ThrownIn = thrown is null ? null : $"{exception.GetType().Name} {thrown}",
            };
        }
    }

    private static string NameOf(MethodInfo method) =>
        System.Text.RegularExpressions.Regex.Replace(method.Name, "(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])", " $1$2").ToLowerInvariant();
}

/// <summary>One check: passed, or why not, with the test's hint.</summary>
public sealed record CheckResult(string Test, bool Passed, string? Message, string? Hint)
{
    /// <summary>The function under test threw <see cref="NotImplementedException"/>: the starter's stub, not yet written.</summary>
    public bool IsNotImplemented { get; init; }

    /// <summary>Where the learner's code threw, when it did: "IndexOutOfRangeException in your MaxPool2d (line 7 of your cell)".</summary>
    public string? ThrownIn { get; init; }
}

/// <summary>The checks of one task; prints as a short report.</summary>
public sealed record CheckReport(string TaskId, IReadOnlyList<CheckResult> Results)
{
    public bool Passed => Results.All(result => result.Passed);

    /// <summary>Every check failed because the function still throws <see cref="NotImplementedException"/>.</summary>
    public bool IsNotImplemented => Results.Count > 0 && Results.All(result => result.IsNotImplemented);

    public override string ToString()
    {
        var lines = new List<string> { $"Task {TaskId}: {Results.Count(result => result.Passed)} of {Results.Count} checks passed {(Passed ? "✓" : "✗")}" };
        foreach (var result in Results)
        {
            lines.Add($"  {(result.Passed ? "✓" : "✗")} {result.Test}");
            if (!result.Passed)
            {
                lines.AddRange(result.Message!.Split('\n').Select(line => "      " + line));
                if (result.Hint is not null)
                {
                    lines.Add($"      Hint: {result.Hint}");
                }
            }
        }
        return string.Join("\n", lines);
    }
}

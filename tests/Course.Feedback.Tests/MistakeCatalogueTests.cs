using System.Reflection;
using DeepLearning.Exercises.Mistakes;
using DeepLearning.Exercises.Tests;

namespace DeepLearning.Exercises.Feedback;

/// <summary>
/// Runs every mistake of the catalogue (<c>exercises/Mistakes</c>) through its task's check, in process, and requires
/// the check to find it and name it: feedback that sends the learner after the actual cause.
/// </summary>
[TestFixture]
public sealed class MistakeCatalogueTests
{
    private static readonly IReadOnlyList<MethodInfo> s_mistakes = [.. typeof(MistakeAttribute).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(method => method.IsDefined(typeof(MistakeAttribute)))
        .OrderBy(method => method.DeclaringType!.Name).ThenBy(method => method.MetadataToken)];

    public static IEnumerable<TestCaseData> Mistakes() => s_mistakes.Select(method =>
    {
        var mistake = method.GetCustomAttribute<MistakeAttribute>()!;
        return new TestCaseData(method).SetName($"{mistake.TaskId} {method.Name}");
    });

    [TestCaseSource(nameof(Mistakes))]
    public void TheCheckNamesTheMistake(MethodInfo method)
    {
        var mistake = method.GetCustomAttribute<MistakeAttribute>()!;
        var report = Checks.Evaluate(mistake.TaskId, Delegate.CreateDelegate(Checks.Signature(mistake.TaskId), method));
        var shown = string.Join("\n", report.Results.Where(result => !result.Passed).Select(result => $"{result.Message}\nHint: {result.Hint}"));
        TestContext.Out.WriteLine($"{mistake.TaskId}, {mistake.Description}:\n{report}");
        Assert.That(report.Passed, Is.False, $"task {mistake.TaskId}'s check passes {method.Name} ({mistake.Description})");
        Assert.That(report.IsNotImplemented, Is.False, $"{method.Name} throws NotImplementedException");
        Assert.That(shown, Does.Contain(mistake.MustName).IgnoreCase, $"the check of {method.Name} ({mistake.Description}) does not say '{mistake.MustName}':\n{report}");
        if (mistake.MustNotName is { } otherCause)
        {
            Assert.That(shown, Does.Not.Contain(otherCause).IgnoreCase, $"the check of {method.Name} ({mistake.Description}) points at another cause, '{otherCause}':\n{report}");
        }
    }

    [Test]
    public void EveryTaskHasAtLeastTwoMistakes()
    {
        var counts = s_mistakes.GroupBy(method => method.GetCustomAttribute<MistakeAttribute>()!.TaskId).ToDictionary(group => group.Key, group => group.Count());
        var tasks = Checks.TaskIds.Where(id => char.IsAsciiDigit(id[^1])).ToList();
        var tooFew = tasks.Where(id => counts.GetValueOrDefault(id) < 2).Select(id => $"{id} ({counts.GetValueOrDefault(id)})").ToList();
        TestContext.Out.WriteLine($"{s_mistakes.Count} mistakes for {tasks.Count} tasks");
        Assert.That(tooFew, Is.Empty, "tasks with fewer than 2 mistakes in exercises/Mistakes");
    }

    [Test]
    public void EveryMistakeHasItsTasksSignature()
    {
        foreach (var method in s_mistakes)
        {
            var mistake = method.GetCustomAttribute<MistakeAttribute>()!;
            Assert.That(Delegate.CreateDelegate(Checks.Signature(mistake.TaskId), method, throwOnBindFailure: false), Is.Not.Null,
                $"{method.DeclaringType!.Name}.{method.Name} does not have the signature of task {mistake.TaskId}");
        }
    }
}

using System.Reflection;
using NUnit.Framework.Interfaces;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// The engine members a task asks the learner not to call, on the task's fixture: the same list as the
/// <c>// Write it yourself; not allowed here: ...</c> line above the task's stub (a test keeps the two equal). Before
/// each of the fixture's tests, the function under test is scanned (<see cref="EngineCallScan"/>); a use fails the
/// test with the call it found, whatever the result would have been: the engine's version gives the right answer.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class WriteItYourselfAttribute(params string[] members) : Attribute, ITestAction
{
    public IReadOnlyList<string> Members { get; } = members;

    public ActionTargets Targets => ActionTargets.Test;

    /// <summary>How the first forbidden use reads, e.g. "the call to Tensor.SumToShape is not allowed here", or null when there is none.</summary>
    public string? FirstUse(Delegate function) =>
        EngineCallScan.FirstUse(function, [.. Members.Select(EngineCallScan.Resolve)]) is { } use ? $"{use} is not allowed here: this task asks you to write it yourself" : null;

    public void BeforeTest(ITest test)
    {
        if (test.Fixture is { } fixture && FunctionUnderTest(fixture) is { } function && FirstUse(function) is { } use)
        {
            Assert.Fail(use);
        }
    }

    public void AfterTest(ITest test)
    {
    }

    // The fixture's constructor parameter: the compiler keeps it in a field of the delegate's type.
    private static Delegate? FunctionUnderTest(object fixture) => fixture.GetType()
        .GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .Where(field => typeof(Delegate).IsAssignableFrom(field.FieldType))
        .Select(field => field.GetValue(fixture) as Delegate).FirstOrDefault(function => function is not null);
}

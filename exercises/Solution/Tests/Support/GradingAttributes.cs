namespace DeepLearning.Exercises.Tests;

// Grading metadata on a test, as NUnit properties: dotnet test shows them, and the grader (dlc-grade) reads them.
// The task a test belongs to is its category "task:X.Y"; hidden tests also carry the category "hidden".

/// <summary>How many points the test is worth (1 when absent).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WeightAttribute(double points) : PropertyAttribute(points);

/// <summary>A nudge shown with a failure: where to look, not the answer. Shown for hidden tests too.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class HintAttribute(string hint) : PropertyAttribute(hint);

/// <summary>The grader's time limit for this test in seconds, where the default is too short (first kernel compile).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class TimeLimitAttribute(int seconds) : PropertyAttribute(seconds);

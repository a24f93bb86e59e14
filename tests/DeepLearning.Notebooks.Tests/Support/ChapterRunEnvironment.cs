namespace DeepLearning.Notebooks.Tests.Support;

/// <summary>The environment in which the test command runs a set of chapters in a runner process.</summary>
public static class ChapterRunEnvironment
{
    /// <summary>
    /// Fast mode, on one core. The test command keeps both cores busy: two test assemblies side by side, and in this
    /// one the teacher's and the learner's chapters side by side. An engine op split across two threads would then
    /// only wait, spinning, for a core that the other run holds: on the 2-core machine under that load, chapter 5
    /// took 44 s of CPU with two threads and 24 s with one (2026-12-05). <c>DOTNET_PROCESSOR_COUNT</c> is the
    /// runtime's own setting for the cores a process may count on; every parallel loop of the engine and the kit
    /// follows it. The chapters compute the same values either way (the engine's thread count never changes a
    /// result beyond float rounding, which the engine's tests bound).
    /// </summary>
    public static IReadOnlyDictionary<string, string> FastModeOnOneCore { get; } = new Dictionary<string, string>
    {
        ["COURSE_MODE"] = "fast",
        ["DOTNET_PROCESSOR_COUNT"] = "1",
    };
}

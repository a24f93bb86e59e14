namespace DeepLearning.Notebooks.Tests.Support;

/// <summary>The environment in which the tests run chapters: in a runner process, or in Jupyter's kernels.</summary>
public static class ChapterRunEnvironment
{
    /// <summary>
    /// Fast mode, with a 256 MB young generation: fewer collections of it, where a training loop's short-lived tensors
    /// and every cell's compiler objects die. The runtime's tiering settings (call counting from the start, no
    /// profile-guided tiering) come from <c>tests/test.runsettings</c>: the test host has them, and every process it
    /// starts inherits them. Measured with all three on chapters 1, 5 and 8 of the teacher's copy, run in one process on
    /// the 2-core machine (all the CPU of its process tree, 2026-12-05): 74.5 CPU-seconds with the runtime's defaults,
    /// 46.0 with these. The chapters compute the same values either way: these settings only choose when code is
    /// compiled and how often memory is collected.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FastMode { get; } = new Dictionary<string, string>
    {
        ["COURSE_MODE"] = "fast",
        ["DOTNET_GCgen0size"] = "0x10000000",
    };

    /// <summary>
    /// <see cref="FastMode"/>, on one core. The test command keeps both cores busy: two test assemblies side by side,
    /// and in this one the teacher's and the learner's chapters side by side. An engine op split across two threads
    /// would then only wait, spinning, for a core that the other run holds: on the 2-core machine under that load,
    /// chapter 5 took 44 s of CPU with two threads and 24 s with one (2026-12-05). <c>DOTNET_PROCESSOR_COUNT</c> is
    /// the runtime's own setting for the cores a process may count on; every parallel loop of the engine and the kit
    /// follows it. The chapters compute the same values either way (the engine's thread count never changes a result
    /// beyond float rounding, which the engine's tests bound).
    /// </summary>
    public static IReadOnlyDictionary<string, string> FastModeOnOneCore { get; } = new Dictionary<string, string>(FastMode)
    {
        ["DOTNET_PROCESSOR_COUNT"] = "1",
    };
}

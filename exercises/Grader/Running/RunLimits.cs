namespace DeepLearning.Grading.Running;

/// <summary>The resources a submission's tests may use.</summary>
/// <param name="TestSeconds">CPU-time limit for one test, unless the test has its own [TimeLimit]; a test that waits without computing is stopped 30 s of wall-clock time later.</param>
/// <param name="TotalSeconds">Wall-clock limit for all tests of a submission together.</param>
/// <param name="MemoryMegabytes">Resident memory of the test process; the managed heap is capped at three quarters of it.</param>
/// <param name="OutputKilobytes">Console output kept per test; the rest is counted and dropped.</param>
/// <param name="CompileCpuSeconds">CPU time the compiler may spend on a submission's exercise files (CPU time, so a busy machine does not fail an honest build).</param>
public sealed record RunLimits(int TestSeconds = 5, int TotalSeconds = 300, int MemoryMegabytes = 1024, int OutputKilobytes = 10, int CompileCpuSeconds = 15)
{
    public int OutputCharacters => OutputKilobytes * 1024;
}

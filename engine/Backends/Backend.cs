namespace DeepLearning.Backends;

/// <summary>
/// The CPU backends. Which one runs is the CPU device's choice (<see cref="CpuDevice.Backend"/>, the fast one unless
/// changed); an accelerator's device brings its own.
/// </summary>
public static class Backend
{
    public static IBackend Reference { get; } = new ReferenceBackend();

    public static IBackend FastCpu { get; } = new FastCpuBackend();

    /// <summary>Every CPU backend, for tests and benchmarks that run over each.</summary>
    public static IReadOnlyList<IBackend> All { get; } = [Reference, FastCpu];
}

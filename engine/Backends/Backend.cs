namespace DeepLearning.Backends;

/// <summary>Which backend the ops use: <see cref="FastCpu"/> unless changed.</summary>
public static class Backend
{
    public static IBackend Reference { get; } = new ReferenceBackend();

    public static IBackend FastCpu { get; } = new FastCpuBackend();

    /// <summary>Every backend, for tests and benchmarks that run over each.</summary>
    public static IReadOnlyList<IBackend> All { get; } = [Reference, FastCpu];

    /// <summary>The backend every op runs on.</summary>
    public static IBackend Current { get; set; } = FastCpu;

    /// <summary>Switches to <paramref name="backend"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(IBackend backend)
    {
        var previous = Current;
        Current = backend;
        return new Restore(() => Current = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

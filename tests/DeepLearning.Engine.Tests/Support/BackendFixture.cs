using DeepLearning.Backends;

namespace DeepLearning.Tests.Support;

/// <summary>
/// Runs every test of a fixture once on each backend (<see cref="Backend.All"/>): a fixture marked
/// <c>[OnEveryBackend]</c> that derives from <see cref="BackendFixture"/> shows up as
/// <c>UnaryOpGradientTests(reference)</c> and <c>UnaryOpGradientTests(fast-cpu)</c>, and each of its tests runs
/// with that backend current. The reference backend is the definition; the fast one must agree with it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnEveryBackendAttribute() : TestFixtureSourceAttribute(typeof(BackendFixture), nameof(BackendFixture.Backends));

/// <summary>The base of a fixture that runs on every backend: switches to its backend around each test.</summary>
public abstract class BackendFixture(IBackend backend)
{
    private IDisposable? _scope;

    public static IEnumerable<IBackend> Backends => Backend.All;

    protected IBackend CurrentBackend => backend;

    [SetUp]
    public void UseBackend() => _scope = Backend.Use(backend);

    [TearDown]
    public void RestoreBackend() => _scope?.Dispose();
}

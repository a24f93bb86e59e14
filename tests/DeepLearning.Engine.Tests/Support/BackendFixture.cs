using DeepLearning.Backends;

namespace DeepLearning.Tests.Support;

/// <summary>
/// Runs every test of a fixture once on each backend (<see cref="Backend.All"/>, then the GPU backend): a fixture
/// marked <c>[OnEveryBackend]</c> that derives from <see cref="BackendFixture"/> shows up as
/// <c>UnaryOpGradientTests(reference)</c>, <c>UnaryOpGradientTests(fast-cpu)</c> and
/// <c>UnaryOpGradientTests(gpu ...)</c>, and each of its tests runs with that backend current. The reference
/// backend is the definition; the others must agree with it. For the GPU backend "current" means the default
/// device: every tensor the test makes is made on the accelerator (ILGPU's CPU accelerator here), so every op
/// runs there, and reading values back goes through counted transfers.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnEveryBackendAttribute() : TestFixtureSourceAttribute(typeof(BackendFixture), nameof(BackendFixture.Backends));

/// <summary>
/// Runs every test of a fixture on the two CPU backends only: the 100,000-op chains, a kernel launch an op on the GPU
/// backend.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnCpuBackendsAttribute() : TestFixtureSourceAttribute(typeof(BackendFixture), nameof(BackendFixture.CpuBackends));

/// <summary>The base of a fixture that runs on every backend: switches to its backend around each test.</summary>
public abstract class BackendFixture(IBackend backend)
{
    private IDisposable? _scope;

    public static IEnumerable<IBackend> Backends => [.. Backend.All, AcceleratorDevice.Instance.Backend];

    public static IEnumerable<IBackend> CpuBackends => Backend.All;

    protected IBackend CurrentBackend => backend;

    [SetUp]
    public void UseBackend() =>
        _scope = ReferenceEquals(backend, AcceleratorDevice.Instance.Backend)
            ? Device.UseDefault(AcceleratorDevice.Instance)
            : Device.Cpu.UseBackend(backend);

    [TearDown]
    public void RestoreBackend() => _scope?.Dispose();
}

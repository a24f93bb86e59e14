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
/// Runs every test of a fixture on the two CPU backends only: the 100,000-op chains, the differential test's full set
/// (its GPU subset runs in DifferentialGpuTests) and the recurrent layers (dozens of small ops a time step). The per-op
/// gradient fixtures run on the GPU backend too in a full run (see <see cref="OnEveryBackendInAFullRunAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnCpuBackendsAttribute() : TestFixtureSourceAttribute(typeof(BackendFixture), nameof(BackendFixture.CpuBackends));

/// <summary>
/// Runs a per-op gradient fixture on the two CPU backends, and on the GPU backend too in a full run
/// (<c>COURSE_TESTS=full</c>). The default test command checks the GPU backend's gradient of every op against
/// PyTorch's in the differential test's GPU subset (<c>DifferentialGpuTests</c>: every op, op variant and input
/// layout), and the composite and convolution gradient fixtures run there too; these fixtures repeat that op by op,
/// 1,100 checks that took 4-5 minutes on ILGPU's CPU accelerator while the other test assemblies ran beside it
/// (its OS threads wait at every barrier for a core), about a third of the test command on 2 cores.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnEveryBackendInAFullRunAttribute() : TestFixtureSourceAttribute(typeof(BackendFixture), nameof(BackendFixture.BackendsOfThisRun));

/// <summary>The base of a fixture that runs on every backend: switches to its backend around each test.</summary>
public abstract class BackendFixture(IBackend backend)
{
    private IDisposable? _scope;

    public static IEnumerable<IBackend> Backends => [.. Backend.All, AcceleratorDevice.Instance.Backend];

    public static IEnumerable<IBackend> CpuBackends => Backend.All;

    /// <summary>Every backend when <c>COURSE_TESTS=full</c>, else the CPU backends.</summary>
    public static IEnumerable<IBackend> BackendsOfThisRun => IsFullRun ? Backends : CpuBackends;

    /// <summary>Whether this run is the full one: <c>COURSE_TESTS=full dotnet test DeepLearningCourse.sln -c Release</c>.</summary>
    public static bool IsFullRun => Environment.GetEnvironmentVariable("COURSE_TESTS") == "full";

    protected IBackend CurrentBackend => backend;

    [SetUp]
    public void UseBackend() =>
        _scope = ReferenceEquals(backend, AcceleratorDevice.Instance.Backend)
            ? Device.UseDefault(AcceleratorDevice.Instance)
            : Device.Cpu.UseBackend(backend);

    [TearDown]
    public void RestoreBackend() => _scope?.Dispose();
}

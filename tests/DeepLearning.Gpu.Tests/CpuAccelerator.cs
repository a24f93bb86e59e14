using DeepLearning.Gpu.Accelerators;

namespace DeepLearning.Gpu.Tests;

/// <summary>
/// One CPU accelerator for the whole test run: creating one and compiling kernels for it costs time, and
/// CI has no GPU. Kernels compile on first use, so a test of one version compiles only that version.
/// </summary>
[SetUpFixture]
public sealed class CpuAccelerator
{
    private static AcceleratorSession? _session;

    public static AcceleratorSession Session => _session ??= AcceleratorSession.OpenCpu();

    [OneTimeTearDown]
    public void DisposeSession()
    {
        _session?.Dispose();
        _session = null;
    }
}

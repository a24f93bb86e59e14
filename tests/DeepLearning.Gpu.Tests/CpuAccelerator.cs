using DeepLearning.Gpu.Devices;

namespace DeepLearning.Gpu.Tests;

/// <summary>
/// One CPU accelerator for the whole test run: creating one and compiling kernels for it costs time, and
/// CI has no GPU. Kernels compile on first use, so a test of one version compiles only that version.
/// </summary>
[SetUpFixture]
public sealed class CpuAccelerator
{
    private static ComputeDevice? _device;

    public static ComputeDevice Device => _device ??= ComputeDevice.OpenCpu();

    [OneTimeTearDown]
    public void DisposeDevice()
    {
        _device?.Dispose();
        _device = null;
    }
}

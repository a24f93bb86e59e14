using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend;

namespace DeepLearning.Tests.Support;

/// <summary>
/// The GPU backend's device for the whole test assembly, on ILGPU's CPU accelerator (CI has no GPU): the same
/// kernels as on a GPU, run by CPU threads. Opened once, because opening compiles nothing but still costs time.
/// </summary>
public static class AcceleratorDevice
{
    private static readonly Lazy<GpuDevice> Device = new(() => GpuDevice.Open(AcceleratorPreference.Cpu));

    public static GpuDevice Instance => Device.Value;
}

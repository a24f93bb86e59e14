using DeepLearning.Gpu.Backend;
using DeepLearning.Gpu.Devices;

namespace DeepLearning.Tests.Support;

/// <summary>
/// The GPU backend's device for the whole test assembly, on ILGPU's CPU accelerator (CI has no GPU): the same
/// kernels as on a GPU, run by CPU threads. Opened once, because opening compiles nothing but still costs time.
/// </summary>
public static class AcceleratorDevice
{
    private static readonly Lazy<GpuDevice> Device = new(() => GpuDevice.Open(DevicePreference.Cpu));

    public static GpuDevice Instance => Device.Value;
}

using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>
/// One <see cref="GpuDevice"/> on the CPU accelerator for every backend test (opening one and compiling its
/// kernels costs time), and the two copies a test needs: host values onto the device, and back. The kernels that
/// share their work out differently on a GPU (the matrix product, the softmax rows, the reductions) are also tested
/// on a second device that runs them as a GPU would (<see cref="LaunchPlan.Gpu"/>): see <see cref="OnBothLaunchPlans"/>.
/// </summary>
[SetUpFixture]
public sealed class SharedGpuDevice
{
    private static GpuDevice? _device;
    private static GpuDevice? _deviceAsOnGpu;

    public static GpuDevice TestDevice => _device ??= GpuDevice.Open(AcceleratorPreference.Cpu);

    /// <summary>The CPU accelerator, its kernels launched with the plan of a real GPU: 256-thread groups, barriers, shuffles.</summary>
    public static GpuDevice TestDeviceAsOnGpu => _deviceAsOnGpu ??= GpuDevice.Open(AcceleratorPreference.Cpu, LaunchPlan.Gpu);

    /// <summary>The test device that launches kernels as <paramref name="plan"/> says.</summary>
    public static GpuDevice DeviceWith(LaunchPlan plan) => plan == LaunchPlan.Gpu ? TestDeviceAsOnGpu : TestDevice;

    public static IBackend GpuLoops => TestDevice.Backend;

    /// <summary>The definition every backend is compared with.</summary>
    public static IBackend ReferenceLoops => Backends.Backend.Reference;

    /// <summary>New storage on the device holding <paramref name="values"/>.</summary>
    public static float[] ToDevice(float[] values) => ToDevice(TestDevice, values);

    public static float[] ToDevice(GpuDevice device, float[] values)
    {
        var storage = device.NewStorage(values.Length);
        device.CopyToDevice(values, storage);
        return storage;
    }

    /// <summary>Every element of a device storage array, read back.</summary>
    public static float[] ToHost(float[] storage) => ToHost(TestDevice, storage);

    public static float[] ToHost(GpuDevice device, float[] storage)
    {
        var values = new float[storage.Length];
        device.CopyToHost(storage, 0, values);
        return values;
    }

    /// <summary>The same view with its storage copied to the device.</summary>
    public static StridedView ToDevice(StridedView view) => view with { Storage = ToDevice(view.Storage) };

    [OneTimeTearDown]
    public void Close()
    {
        _device?.Dispose();
        _deviceAsOnGpu?.Dispose();
        (_device, _deviceAsOnGpu) = (null, null);
    }
}

using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>
/// One <see cref="GpuDevice"/> on the CPU accelerator for every backend test (opening one and compiling its
/// kernels costs time), and the two copies a test needs: host values onto the device, and back.
/// </summary>
[SetUpFixture]
public sealed class SharedGpuDevice
{
    private static GpuDevice? _device;

    public static GpuDevice TestDevice => _device ??= GpuDevice.Open(AcceleratorPreference.Cpu);

    public static IBackend GpuLoops => TestDevice.Backend;

    /// <summary>The definition every backend is compared with.</summary>
    public static IBackend ReferenceLoops => Backends.Backend.Reference;

    /// <summary>New storage on the device holding <paramref name="values"/>.</summary>
    public static float[] ToDevice(float[] values)
    {
        var storage = TestDevice.NewStorage(values.Length);
        TestDevice.CopyToDevice(values, storage);
        return storage;
    }

    /// <summary>Every element of a device storage array, read back.</summary>
    public static float[] ToHost(float[] storage)
    {
        var values = new float[storage.Length];
        TestDevice.CopyToHost(storage, 0, values);
        return values;
    }

    /// <summary>The same view with its storage copied to the device.</summary>
    public static StridedView ToDevice(StridedView view) => view with { Storage = ToDevice(view.Storage) };

    [OneTimeTearDown]
    public void Close()
    {
        _device?.Dispose();
        _device = null;
    }
}

using DeepLearning.Gpu.Devices;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Tests;

public sealed class ComputeDeviceTests
{
    [Test]
    public void The_cpu_accelerator_is_sized_to_exactly_one_group_with_32_lane_warps()
    {
        var accelerator = CpuAccelerator.Device.Accelerator;

        Assert.Multiple(() =>
        {
            Assert.That(accelerator.AcceleratorType, Is.EqualTo(AcceleratorType.CPU));
            Assert.That(accelerator.MaxNumThreadsPerGroup, Is.EqualTo(ComputeDevice.GroupSize));
            Assert.That(accelerator.WarpSize, Is.EqualTo(32));
            Assert.That(accelerator.NumMultiprocessors, Is.EqualTo(1));
        });
    }

    [Test]
    public void Auto_falls_back_to_the_cpu_accelerator_on_a_machine_without_a_gpu()
    {
        Assume.That(ComputeDevice.ListAvailable(), Is.All.StartWith("CPU"), "this machine has a GPU or OpenCL device: Auto may pick it");

        using var device = ComputeDevice.Open(DevicePreference.Auto);

        Assert.That(device.Kind, Is.EqualTo(AcceleratorType.CPU));
    }

    [Test]
    public void Asking_for_a_missing_kind_names_what_is_present()
    {
        Assume.That(ComputeDevice.ListAvailable(), Has.None.StartWith("Cuda"), "this machine has CUDA");

        var error = Assert.Throws<InvalidOperationException>(() => ComputeDevice.Open(DevicePreference.Cuda));

        Assert.That(error!.Message, Does.StartWith("no Cuda device on this machine (present: CPU"));
    }
}

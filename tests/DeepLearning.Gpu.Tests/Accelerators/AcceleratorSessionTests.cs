using DeepLearning.Gpu.Accelerators;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Tests.Accelerators;

public sealed class AcceleratorSessionTests
{
    [Test]
    public void The_cpu_accelerator_is_sized_to_exactly_one_group_with_32_lane_warps()
    {
        var accelerator = CpuAccelerator.Session.Accelerator;

        Assert.Multiple(() =>
        {
            Assert.That(accelerator.AcceleratorType, Is.EqualTo(AcceleratorType.CPU));
            Assert.That(accelerator.MaxNumThreadsPerGroup, Is.EqualTo(AcceleratorSession.GroupSize));
            Assert.That(accelerator.WarpSize, Is.EqualTo(32));
            Assert.That(accelerator.NumMultiprocessors, Is.EqualTo(1));
        });
    }

    [Test]
    public void Auto_falls_back_to_the_cpu_accelerator_on_a_machine_without_a_gpu()
    {
        Assume.That(AcceleratorSession.ListAvailable(), Is.All.StartWith("CPU"), "this machine has a GPU or OpenCL device: Auto may pick it");

        using var session = AcceleratorSession.Open(AcceleratorPreference.Auto);

        Assert.That(session.Kind, Is.EqualTo(AcceleratorType.CPU));
    }

    [Test]
    public void Asking_for_a_missing_kind_names_what_is_present()
    {
        Assume.That(AcceleratorSession.ListAvailable(), Has.None.StartWith("Cuda"), "this machine has CUDA");

        var error = Assert.Throws<InvalidOperationException>(() => AcceleratorSession.Open(AcceleratorPreference.Cuda));

        Assert.That(error!.Message, Does.StartWith("no Cuda device on this machine (present: CPU"));
    }
}

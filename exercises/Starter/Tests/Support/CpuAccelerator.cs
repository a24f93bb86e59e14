using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// One ILGPU CPU accelerator for the whole test run: it runs kernels on CPU threads, so chapter 10 needs no GPU.
/// Made once because creating a context costs a fraction of a second; left for the process to end.
/// </summary>
public static class CpuAccelerator
{
    private static readonly Lazy<Accelerator> s_shared = new(Create);

    /// <summary>
    /// An accelerator whose groups hold up to 16 threads (4 warps of 4), enough for the 4×4 tiles of task 10.3; a
    /// small group keeps the CPU simulation of barriers quick.
    /// </summary>
    public static Accelerator Shared => s_shared.Value;

    private static Accelerator Create()
    {
        var context = Context.Create(builder => builder.CPU(new CPUDevice(numThreadsPerWarp: 4, numWarpsPerMultiprocessor: 4, numMultiprocessors: 1)));
        return context.CreateCPUAccelerator(0);
    }
}

using DeepLearning.Gpu.Diagnostics;

namespace DeepLearning.Gpu.Lab;

/// <summary>
/// A kernel family set up on one problem: the shape in which the kernel lab runs every family, as one file of
/// llm.c's <c>dev/cuda</c> does in its <c>main</c>. Its seeded inputs are on the device and its reference answer
/// is computed; each of its <see cref="Versions"/> is a launch to time and a check of the output against that
/// answer. The family's folder holds the rest: its CPU reference, its kernels, its launcher and its validation.
/// Dispose it to free its device buffers.
/// </summary>
public interface IKernelFamily : IDisposable
{
    /// <summary>The family's name in the lab's report and in its <c>--only</c> option: <c>matmul</c>, <c>sum</c>, <c>softmax</c>.</summary>
    string Name { get; }

    /// <summary>The problem as the report prints it: <c>4096x4096x4096</c>, <c>n=67108864</c>, <c>4096x4096</c>.</summary>
    string Shape { get; }

    /// <summary>
    /// Floating-point operations a launch does, for a family bound by arithmetic (matmul: 2mnk), whose versions
    /// are rated in GFLOPS against the fp32 peak; null for a family bound by memory bandwidth.
    /// </summary>
    double? Flops { get; }

    /// <summary>
    /// The bytes a launch must move at the least (each input read once, the output written once); a family with
    /// no <see cref="Flops"/> is rated in GB/s on these, against the memory peak.
    /// </summary>
    double Bytes { get; }

    /// <summary>The versions, slowest first; a library baseline (cuBLAS), where there is one, comes first.</summary>
    IReadOnlyList<KernelVersion> Versions { get; }

    /// <summary>Lines to print before the versions: the napkin math (work, compulsory traffic, the time the peak allows) and notes.</summary>
    IReadOnlyList<string> Describe(DevicePeak peak);
}

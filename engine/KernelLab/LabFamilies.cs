using DeepLearning.Gpu.Lab;
using DeepLearning.Gpu.MatMul;
using DeepLearning.Gpu.Reduction;
using DeepLearning.Gpu.Softmax;
using ILGPU.Runtime;

namespace DeepLearning.KernelLab;

/// <summary>The kernel families the lab knows, in the order it runs them, each set up at the sizes of the command line.</summary>
public static class LabFamilies
{
    public static IReadOnlyList<string> Names { get; } = ["matmul", "sum", "softmax"];

    /// <summary>The family <paramref name="name"/> on its problem, inputs on <paramref name="accelerator"/>; sizes from <see cref="LabOptions.WithDefaultsFor"/>.</summary>
    public static IKernelFamily Open(string name, Accelerator accelerator, LabOptions options) => name switch
    {
        "matmul" => new MatMulFamily(accelerator, options.M!.Value, options.K!.Value, options.N!.Value),
        "sum" => new ReductionFamily(accelerator, options.SumLength!.Value),
        "softmax" => new SoftmaxFamily(accelerator, options.SoftmaxRows!.Value, options.SoftmaxColumns!.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"no kernel family {name} ({string.Join(", ", Names)})"),
    };
}

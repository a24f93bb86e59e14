using DeepLearning.Gpu.MatMul;
using DeepLearning.Gpu.Reduction;
using ILGPU.Runtime;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 10's stand-ins: the kernel library's naive and tiled matmuls and its shared-memory tree sum; a host loop for the vector sum.</summary>
public static class Chapter10Fallbacks
{
    [FallbackFor("10.1", "a plain loop on the host (no kernel)")]
    public static float[] VectorAdd(Accelerator accelerator, float[] a, float[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    [FallbackFor("10.2", "the kernel library's naive matmul (MatMulLauncher)")]
    public static float[] MatMulNaive(Accelerator accelerator, float[] a, float[] b, int m, int k, int n) =>
        new MatMulLauncher(accelerator).Multiply(MatMulVersion.Naive, a, b, m, k, n);

    [FallbackFor("10.3", "the kernel library's tiled matmul (MatMulLauncher)")]
    public static float[] MatMulTiled(Accelerator accelerator, float[] a, float[] b, int m, int k, int n) =>
        new MatMulLauncher(accelerator).Multiply(MatMulVersion.Tiled, a, b, m, k, n);

    [FallbackFor("10.4", "the kernel library's shared-memory tree sum (ReductionLauncher)")]
    public static float TreeSum(Accelerator accelerator, float[] values) =>
        values.Length == 0 ? 0 : new ReductionLauncher(accelerator).Sum(ReductionVersion.SharedMemoryTree, values);
}

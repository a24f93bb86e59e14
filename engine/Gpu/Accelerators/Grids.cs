using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Accelerators;

/// <summary>Grid sizes: how many groups cover a problem, and how many a device runs at once.</summary>
internal static class Grids
{
    /// <summary>⌈count / size⌉: groups of <paramref name="size"/> that cover <paramref name="count"/> items, the last one partly.</summary>
    public static int CeilDiv(int count, int size) => (count + size - 1) / size;

    /// <summary>
    /// Groups of <see cref="AcceleratorSession.GroupSize"/> the device holds at once (multiprocessors × groups a
    /// multiprocessor can host): a grid-stride kernel needs no more to keep every multiprocessor busy.
    /// 132 × 8 = 1056 on an H100; 1 on the CPU accelerator, which runs one group at a time.
    /// </summary>
    public static int ResidentGroups(Accelerator accelerator) =>
        accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / AcceleratorSession.GroupSize);

    public static void RequireLength(string what, ArrayView<float> view, long length)
    {
        if (view.Length < length)
        {
            throw new ArgumentException($"{what}: the view holds {view.Length} floats, the shape needs {length}");
        }
    }
}

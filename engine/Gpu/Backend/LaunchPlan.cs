using DeepLearning.Gpu.Accelerators;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

/// <summary>
/// How the GPU backend shares out its kernels' work among threads: the group size, the matrix product's tile, and
/// how many threads work on one softmax row or one reduced output. The kernels take these numbers as arguments, so
/// one compiled kernel runs either way; a <see cref="GpuDevice"/> picks the plan that suits its accelerator, and the
/// tests run the kernels with both plans on ILGPU's CPU accelerator.
/// </summary>
/// <remarks>
/// <para>On a GPU threads that cooperate are cheap: a group of 256 (8 warps) shares tiles in shared memory and meets
/// at barriers, and the lanes of a warp combine partial results with shuffles, in nanoseconds.</para>
/// <para>On ILGPU's CPU accelerator every thread of a group is an OS thread, and a barrier or a warp shuffle makes
/// all of them meet: milliseconds on two cores. There the plan avoids meeting at all: one thread computes a 4×4
/// tile of C alone, one thread a softmax row, one thread a reduced output. Measured on the 2-core machine (another
/// build running): a 64×784 · 784×256 product 120 ms instead of 2,990 ms, a step of chapter 9's MLP (batch 64,
/// forward, backward, Adam) 1.5 s instead of 9.5 s.</para>
/// </remarks>
public sealed record LaunchPlan(string Name, int GroupSize, int MatMulThreadsPerSide, bool ThreadPerRow, bool ThreadPerOutput)
{
    /// <summary>Rows up to this long get a warp each in <see cref="Gpu"/>'s softmax; longer ones a whole group.</summary>
    public const int WarpRowLimit = 1024;

    /// <summary>Groups of 256, 16×16 threads on a 64×64 tile of C, a warp or a group a softmax row, groups shared by outputs.</summary>
    public static LaunchPlan Gpu { get; } = new("as on a GPU", AcceleratorSession.GroupSize, Kernels.StridedMatMulKernels.MaxThreadsPerSide, ThreadPerRow: false, ThreadPerOutput: false);

    /// <summary>
    /// Groups of one warp (32), one thread a 4×4 tile of C, a thread a softmax row, a thread a reduced output: no barrier,
    /// no shuffle. One warp, because every thread of a group is an OS thread woken at each launch (measured on the 2-core
    /// machine under load: 10.5 ms to launch one group of 256, 1.6 ms for one of 32), and the tests launch thousands of
    /// kernels on a few elements each.
    /// </summary>
    public static LaunchPlan CpuAccelerator { get; } = new("as on the CPU accelerator", 32, 1, ThreadPerRow: true, ThreadPerOutput: true);

    /// <summary><see cref="CpuAccelerator"/> on ILGPU's CPU accelerator, <see cref="Gpu"/> everywhere else.</summary>
    public static LaunchPlan For(Accelerator accelerator) => accelerator.AcceleratorType == AcceleratorType.CPU ? CpuAccelerator : Gpu;

    /// <summary>
    /// True when a group's threads cooperate through shared memory and barriers (<see cref="Gpu"/>): the plan under
    /// which the backend runs the kernel lab's fastest matrix product, whose groups of 256 meet at every depth step.
    /// </summary>
    public bool GroupsCooperate => MatMulThreadsPerSide > 1;

    /// <summary>The side of the block of C a matrix-product group computes: each thread a 4×4 tile.</summary>
    public int MatMulBlockTile => 4 * MatMulThreadsPerSide;

    /// <summary>Threads on each softmax row of <paramref name="columns"/> columns.</summary>
    public int SoftmaxLanesPerRow(int columns) => ThreadPerRow ? 1 : columns <= WarpRowLimit ? 32 : GroupSize;

    /// <summary>
    /// Outputs a reduction group computes: a thread an output when each folds at most 32 elements (or always, in a
    /// plan of <see cref="ThreadPerOutput"/>); otherwise 32 when there are thousands of outputs, else 1, the whole
    /// group on one output (see <see cref="Kernels.AxisReductionKernels.Reduce{TReduction}"/>).
    /// </summary>
    public int ReductionOutputsPerGroup(int reducedCount, int keptCount) =>
        ThreadPerOutput || reducedCount <= 32 ? GroupSize : keptCount >= 2048 ? 32 : 1;

    public override string ToString() => Name;
}

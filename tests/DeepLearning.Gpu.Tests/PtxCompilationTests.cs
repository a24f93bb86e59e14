using System.Reflection;
using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.MatMul;
using DeepLearning.Gpu.Reduction;
using DeepLearning.Gpu.Softmax;

namespace DeepLearning.Gpu.Tests;

/// <summary>
/// Every kernel compiled to PTX for a Hopper GPU, without a GPU: the CPU accelerator runs any .NET code, so
/// these catch what only the GPU compiler refuses, and they check that each version really uses the
/// instructions its idea is about.
/// </summary>
public sealed class PtxCompilationTests
{
    private static readonly Dictionary<MethodInfo, string> Compiled = [];

    /// <summary>
    /// Every version's kernel (Autotuned's before tuning is DoubleBuffered's, compiled once), and every tile shape
    /// the autotuner may pick: each is a separate instantiation of the generic kernel, with its own shared memory.
    /// </summary>
    private static IEnumerable<TestCaseData> EveryKernel() =>
        MatMulLauncher.Versions.Where(v => v != MatMulVersion.Autotuned)
            .Select(v => new TestCaseData(MatMulLauncher.KernelOf(v).Method).SetArgDisplayNames($"MatMul.{v}"))
            .Concat(MatMulAutotuner.Candidates.Skip(1).Select(c => new TestCaseData(c.Kernel.Method).SetArgDisplayNames($"MatMul.Autotuned {c.Shape.Name}")))
            .Concat(ReductionLauncher.Versions.Select(v => new TestCaseData(ReductionLauncher.KernelOf(v).Method).SetArgDisplayNames($"Reduction.{v}")))
            .Concat(SoftmaxLauncher.Versions.Select(v => new TestCaseData(SoftmaxLauncher.KernelOf(v).Method).SetArgDisplayNames($"Softmax.{v}")));

    /// <summary>
    /// Asked for sm_90, ILGPU 1.5.3 writes <c>.target sm_80</c> (Ampere, the newest it generates code for); the
    /// driver compiles that PTX for the Hopper GPU when the kernel is loaded.
    /// </summary>
    [TestCaseSource(nameof(EveryKernel))]
    public void Compiles_to_ptx_for_a_hopper_gpu(MethodInfo kernel)
    {
        var ptx = Ptx(kernel);

        Assert.That(ptx, Does.Contain(".target sm_80").And.Contain($".entry Kernel_{kernel.Name}("));
    }

    /// <summary>
    /// Kernel 5 differs from kernel 4 only in its global memory traffic: 128-bit loads and stores, where kernel 4
    /// loads and stores one bounds-checked float at a time (and so takes any shape).
    /// </summary>
    [TestCase(MatMulVersion.Vectorized)]
    [TestCase(MatMulVersion.WarpTiled)]
    [TestCase(MatMulVersion.DoubleBuffered)]
    public void Only_the_vectorized_matmuls_move_global_memory_128_bits_at_a_time(MatMulVersion version)
    {
        var vectorized = Ptx(MatMulLauncher.KernelOf(version).Method);
        var registerBlocked = Ptx(MatMulLauncher.KernelOf(MatMulVersion.RegisterBlocked).Method);

        Assert.Multiple(() =>
        {
            Assert.That(PtxInspector.Count(vectorized, "ld.global.v4.f32"), Is.GreaterThanOrEqualTo(2), "A and B tiles");
            Assert.That(PtxInspector.Count(vectorized, "ld.global.f32"), Is.Zero, "scalar loads");
            Assert.That(PtxInspector.Count(vectorized, "st.global.v4.f32"), Is.GreaterThanOrEqualTo(1), "C rows");
            Assert.That(PtxInspector.Count(registerBlocked, "ld.global.f32"), Is.GreaterThanOrEqualTo(2), "A and B, scalar");
            Assert.That(PtxInspector.Count(registerBlocked, "st.global.f32"), Is.GreaterThanOrEqualTo(8), "C, scalar");
            Assert.That(PtxInspector.Count(registerBlocked, "ld.global.v"), Is.Zero);
            Assert.That(PtxInspector.Count(registerBlocked, "st.global.v"), Is.Zero);
        });
    }

    /// <summary>
    /// The 8×8 tile of a thread lives in 64 registers only if ILGPU never spills it to local memory (it would
    /// for an indexed array, hence the named Float4 accumulators): no <c>ld.local</c> or <c>st.local</c>, and no
    /// <c>call</c> (the shared inner loop is inlined). Each depth step is the outer product written out, 64
    /// multiply-adds (<c>mul.f32</c> + <c>add.f32</c>, which ptxas contracts into FMA), fed by 4 shared loads of
    /// 128 bits in both versions and by no scalar shared load.
    /// </summary>
    [TestCase(MatMulVersion.RegisterBlocked)]
    [TestCase(MatMulVersion.Vectorized)]
    [TestCase(MatMulVersion.WarpTiled)]
    [TestCase(MatMulVersion.DoubleBuffered)]
    public void Register_tiled_versions_keep_their_tile_in_registers(MatMulVersion version)
    {
        var ptx = Ptx(MatMulLauncher.KernelOf(version).Method);

        Assert.Multiple(() =>
        {
            Assert.That(PtxInspector.Count(ptx, "ld.local") + PtxInspector.Count(ptx, "st.local"), Is.Zero, "local memory");
            Assert.That(PtxInspector.Count(ptx, "call"), Is.Zero, "calls: every helper inlined");
            Assert.That(PtxInspector.Count(ptx, "mul.f32"), Is.EqualTo(64), "multiply-adds a depth step");
            Assert.That(PtxInspector.Count(ptx, "ld.shared.v4.f32"), Is.EqualTo(4), "128-bit shared loads a depth step");
            Assert.That(PtxInspector.Count(ptx, "ld.shared.f32"), Is.Zero, "scalar shared loads");
        });
    }

    [TestCase(MatMulVersion.Naive, 0)]
    [TestCase(MatMulVersion.Tiled, 2)]
    [TestCase(MatMulVersion.RegisterBlocked, 2)]
    [TestCase(MatMulVersion.Vectorized, 2)]
    [TestCase(MatMulVersion.WarpTiled, 2)]
    [TestCase(MatMulVersion.DoubleBuffered, 2)] // one after the first tile's copy, and ONE a step
    public void Barriers_appear_only_where_shared_memory_is_shared(MatMulVersion version, int barriers)
    {
        var ptx = Ptx(MatMulLauncher.KernelOf(version).Method);

        Assert.That(PtxInspector.Count(ptx, "bar.sync") + PtxInspector.Count(ptx, "barrier.sync"), Is.EqualTo(barriers));
    }

    /// <summary>
    /// The tile shapes are static abstract properties of a type argument, and shared memory must be sized at compile
    /// time: ILGPU inlines them into constants, so each shape's PTX declares its own fixed shared array (two stages
    /// of A's padded transposed tile and B's tile), and loads exactly its Float4 copies (the branches on how many
    /// there are fold away): 2 × (copies of A + copies of B), the first tile's and the next tile's.
    /// </summary>
    [Test]
    public void Each_tile_shape_compiles_with_its_own_constant_shared_memory_and_copies()
    {
        Assert.Multiple(() =>
        {
            foreach (var candidate in MatMulAutotuner.Candidates)
            {
                var ptx = Ptx(candidate.Kernel.Method);
                var shape = candidate.Shape;
                var copies = shape.BlockDepth * (shape.BlockRows + shape.BlockColumns) / 4 / shape.Threads;

                Assert.That(ptx, Does.Contain($".shared .align 16 .b8 __shared_alloca0[{2 * shape.BlockDepth * (shape.BlockRows + 4) * 4}]"), shape.Name);
                Assert.That(ptx, Does.Contain($".shared .align 16 .b8 __shared_alloca1[{2 * shape.BlockDepth * shape.BlockColumns * 4}]"), shape.Name);
                Assert.That(PtxInspector.Count(ptx, "ld.global.v4.f32"), Is.EqualTo(2 * copies), shape.Name);
                Assert.That(PtxInspector.Count(ptx, "ld.local") + PtxInspector.Count(ptx, "st.local"), Is.Zero, shape.Name);
            }
        });
    }

    [Test]
    public void Warp_shuffle_versions_use_shuffles_and_the_tree_does_not()
    {
        var shuffle = Ptx(ReductionLauncher.KernelOf(ReductionVersion.WarpShuffle).Method);
        var tree = Ptx(ReductionLauncher.KernelOf(ReductionVersion.SharedMemoryTree).Method);
        var softmax = Ptx(SoftmaxLauncher.KernelOf(SoftmaxVersion.OneGroupPerRow).Method);

        Assert.Multiple(() =>
        {
            Assert.That(PtxInspector.Count(shuffle, "shfl.sync"), Is.GreaterThan(0));
            Assert.That(PtxInspector.Count(softmax, "shfl.sync"), Is.GreaterThan(0));
            Assert.That(PtxInspector.Count(tree, "shfl.sync"), Is.Zero);
        });
    }

    /// <summary>
    /// Kernels 4 and 5 of the sum read x 128 bits at a time (kernel 5 four loads a loop step, plus its remainder
    /// loop's one); the scalar loads left are the unaligned head and tail. Kernel 3 reads no Float4.
    /// </summary>
    [TestCase(ReductionVersion.WarpShuffle, 0)]
    [TestCase(ReductionVersion.Vectorized, 1)]
    [TestCase(ReductionVersion.FourLoadsInFlight, 5)]
    public void Vectorized_sums_read_128_bits_at_a_time(ReductionVersion version, int vectorLoads)
    {
        var ptx = Ptx(ReductionLauncher.KernelOf(version).Method);

        Assert.That(PtxInspector.Count(ptx, "ld.global.v4.f32"), Is.EqualTo(vectorLoads));
    }

    /// <summary>
    /// Softmax kernels 3 and 4 read and write rows 128 bits at a time; kernel 3 merges a row in one warp (shuffles,
    /// no barrier), kernel 4 over a group (one barrier).
    /// </summary>
    [TestCase(SoftmaxVersion.WarpPerRowVectorized, 0)]
    [TestCase(SoftmaxVersion.RowInRegisters, 1)]
    public void Vectorized_softmaxes_move_rows_128_bits_at_a_time(SoftmaxVersion version, int barriers)
    {
        var ptx = Ptx(SoftmaxLauncher.KernelOf(version).Method);

        Assert.Multiple(() =>
        {
            Assert.That(PtxInspector.Count(ptx, "ld.global.v4.f32"), Is.GreaterThanOrEqualTo(2), "the read and the write pass, or the four register loads");
            Assert.That(PtxInspector.Count(ptx, "st.global.v4.f32"), Is.GreaterThanOrEqualTo(1));
            Assert.That(PtxInspector.Count(ptx, "shfl.sync"), Is.GreaterThan(0));
            Assert.That(PtxInspector.Count(ptx, "bar.sync") + PtxInspector.Count(ptx, "barrier.sync"), Is.EqualTo(barriers));
        });
    }

    private static string Ptx(MethodInfo kernel)
    {
        if (!Compiled.TryGetValue(kernel, out var ptx))
        {
            ptx = PtxInspector.Compile(kernel);
            Compiled[kernel] = ptx;
        }
        return ptx;
    }
}

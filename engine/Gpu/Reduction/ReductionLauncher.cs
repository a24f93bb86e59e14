using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Reduction;

/// <summary>The sum kernels of <see cref="ReductionKernels"/>, slowest first.</summary>
public enum ReductionVersion
{
    AtomicNaive,
    SharedMemoryTree,
    WarpShuffle,
    Vectorized,
    FourLoadsInFlight,
}

/// <summary>Compiles the sum kernels for one accelerator (each on first use) and launches them.</summary>
public sealed class ReductionLauncher(Accelerator accelerator)
{
    private readonly Dictionary<ReductionVersion, Action<KernelConfig, ArrayView<float>, ArrayView<float>, int>> _loaded = [];

    public static IReadOnlyList<ReductionVersion> Versions { get; } = Enum.GetValues<ReductionVersion>();

    public static Action<ArrayView<float>, ArrayView<float>, int> KernelOf(ReductionVersion version) => version switch
    {
        ReductionVersion.AtomicNaive => ReductionKernels.AtomicNaive,
        ReductionVersion.SharedMemoryTree => ReductionKernels.SharedMemoryTree,
        ReductionVersion.WarpShuffle => ReductionKernels.WarpShuffle,
        ReductionVersion.Vectorized => ReductionKernels.Vectorized,
        ReductionVersion.FourLoadsInFlight => ReductionKernels.FourLoadsInFlight,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>
    /// The naive version needs one thread an element; the others loop grid-stride, so a grid that fills the
    /// device once is enough (more groups would only add atomics), and fewer when n is small: the vectorized
    /// versions read 4 floats a thread a step, so ⌈n/1024⌉ groups already give every thread a Float4.
    /// </summary>
    public KernelConfig GridFor(ReductionVersion version, int n)
    {
        var floatsPerThread = version is ReductionVersion.Vectorized or ReductionVersion.FourLoadsInFlight ? 4 : 1;
        var covering = Math.Max(1, Grids.CeilDiv(n, AcceleratorSession.GroupSize * floatsPerThread));
        var groups = version == ReductionVersion.AtomicNaive ? covering : Math.Min(covering, Grids.ResidentGroups(accelerator));
        return new KernelConfig(groups, AcceleratorSession.GroupSize);
    }

    /// <summary>
    /// Queues sum[0] = Σ x[0..n) on the default stream: zeroes sum[0], then launches. Returns at once. The
    /// vectorized versions need x to start on a 16-byte boundary, as every buffer does (<see cref="Float4Split"/>).
    /// </summary>
    public void Launch(ReductionVersion version, ArrayView<float> x, ArrayView<float> sum, int n)
    {
        Grids.RequireLength("sum x", x, n);
        Grids.RequireLength("sum result", sum, 1);
        if (version is ReductionVersion.Vectorized or ReductionVersion.FourLoadsInFlight)
        {
            Float4Split.RequireAligned("sum x", x);
        }
        sum.SubView(0, 1).MemSetToZero();
        Kernel(version)(GridFor(version, n), x, sum, n);
    }

    /// <summary>Σ x for a host array: uploads, launches, waits, downloads.</summary>
    public float Sum(ReductionVersion version, float[] x)
    {
        using var xBuffer = accelerator.Allocate1D(x);
        using var sumBuffer = accelerator.Allocate1D<float>(1);
        Launch(version, xBuffer.View, sumBuffer.View, x.Length);
        accelerator.Synchronize();
        return sumBuffer.GetAsArray1D()[0];
    }

    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int> Kernel(ReductionVersion version)
    {
        if (!_loaded.TryGetValue(version, out var kernel))
        {
            kernel = accelerator.LoadStreamKernel(KernelOf(version));
            _loaded[version] = kernel;
        }
        return kernel;
    }
}

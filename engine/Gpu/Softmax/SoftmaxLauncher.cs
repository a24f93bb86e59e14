using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Softmax;

/// <summary>The row-softmax kernels of <see cref="SoftmaxKernels"/>, slowest first.</summary>
public enum SoftmaxVersion
{
    OneThreadPerRow,
    OneGroupPerRow,
    WarpPerRowVectorized,
    RowInRegisters,
}

/// <summary>Compiles the softmax kernels for one accelerator (each on first use) and launches them.</summary>
public sealed class SoftmaxLauncher(Accelerator accelerator)
{
    private readonly Dictionary<SoftmaxVersion, Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int>> _loaded = [];

    public static IReadOnlyList<SoftmaxVersion> Versions { get; } = Enum.GetValues<SoftmaxVersion>();

    public static Action<ArrayView<float>, ArrayView<float>, int, int> KernelOf(SoftmaxVersion version) => version switch
    {
        SoftmaxVersion.OneThreadPerRow => SoftmaxKernels.OneThreadPerRow,
        SoftmaxVersion.OneGroupPerRow => SoftmaxKernels.OneGroupPerRow,
        SoftmaxVersion.WarpPerRowVectorized => SoftmaxKernels.WarpPerRowVectorized,
        SoftmaxVersion.RowInRegisters => SoftmaxKernels.RowInRegisters,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    public static KernelConfig GridFor(SoftmaxVersion version, int rows) => version switch
    {
        SoftmaxVersion.OneThreadPerRow => new KernelConfig(Grids.CeilDiv(rows, AcceleratorSession.GroupSize), AcceleratorSession.GroupSize),
        SoftmaxVersion.OneGroupPerRow or SoftmaxVersion.RowInRegisters => new KernelConfig(rows, AcceleratorSession.GroupSize),
        SoftmaxVersion.WarpPerRowVectorized => new KernelConfig(Grids.CeilDiv(rows, AcceleratorSession.GroupSize / 32), AcceleratorSession.GroupSize),
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>
    /// Queues y = softmax(x) along each row of a row-major (rows × columns) matrix; returns at once. The vectorized
    /// versions need x and y to start on a 16-byte boundary, as every buffer does (<see cref="Float4Split"/>).
    /// </summary>
    public void Launch(SoftmaxVersion version, ArrayView<float> x, ArrayView<float> y, int rows, int columns)
    {
        if (rows <= 0 || columns <= 0)
        {
            throw new ArgumentException($"softmax: sizes must be positive, got {rows}×{columns}");
        }
        Grids.RequireLength("softmax x", x, (long)rows * columns);
        Grids.RequireLength("softmax y", y, (long)rows * columns);
        if (version is SoftmaxVersion.WarpPerRowVectorized or SoftmaxVersion.RowInRegisters)
        {
            Float4Split.RequireAligned("softmax x", x);
            Float4Split.RequireAligned("softmax y", y);
        }
        Kernel(version)(GridFor(version, rows), x, y, rows, columns);
    }

    /// <summary>softmax(x) along rows for a host array: uploads, launches, waits, downloads.</summary>
    public float[] Softmax(SoftmaxVersion version, float[] x, int rows, int columns)
    {
        using var xBuffer = accelerator.Allocate1D(x);
        using var yBuffer = accelerator.Allocate1D<float>(x.Length);
        Launch(version, xBuffer.View, yBuffer.View, rows, columns);
        accelerator.Synchronize();
        return yBuffer.GetAsArray1D();
    }

    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int> Kernel(SoftmaxVersion version)
    {
        if (!_loaded.TryGetValue(version, out var kernel))
        {
            kernel = accelerator.LoadStreamKernel(KernelOf(version));
            _loaded[version] = kernel;
        }
        return kernel;
    }
}

using DeepLearning.Gpu.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.MatMul;

/// <summary>The matmul kernels of <see cref="MatMulKernels"/>, slowest first.</summary>
public enum MatMulVersion
{
    Naive,
    Coalesced,
    Tiled,
    RegisterBlocked,
    Vectorized,
}

/// <summary>
/// Compiles the matmul kernels for one accelerator (each on first use) and launches each with the grid it
/// expects. <see cref="Launch"/> works on device views and returns at once; <see cref="Multiply"/> takes host
/// arrays and does the whole round trip, for tests and small jobs.
/// </summary>
public sealed class MatMulLauncher(Accelerator accelerator)
{
    private readonly Dictionary<MatMulVersion, Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>> _loaded = [];

    public static IReadOnlyList<MatMulVersion> Versions { get; } = Enum.GetValues<MatMulVersion>();

    /// <summary>The kernel method of a version (for compiling it, or reading its PTX).</summary>
    public static Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> KernelOf(MatMulVersion version) => version switch
    {
        MatMulVersion.Naive => MatMulKernels.Naive,
        MatMulVersion.Coalesced => MatMulKernels.Coalesced,
        MatMulVersion.Tiled => MatMulKernels.Tiled,
        MatMulVersion.RegisterBlocked => MatMulKernels.RegisterBlocked,
        MatMulVersion.Vectorized => MatMulKernels.Vectorized,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>The grid and group shape each version was written for (see each kernel's remarks).</summary>
    public static KernelConfig GridFor(MatMulVersion version, int m, int n) => version switch
    {
        MatMulVersion.Naive => new KernelConfig(
            new Index2D(Grids.CeilDiv(m, MatMulKernels.LanesPerWarp), Grids.CeilDiv(n, MatMulKernels.WarpsPerGroup)),
            new Index2D(MatMulKernels.LanesPerWarp * MatMulKernels.WarpsPerGroup, 1)),
        MatMulVersion.Coalesced => new KernelConfig(
            new Index2D(Grids.CeilDiv(n, MatMulKernels.LanesPerWarp), Grids.CeilDiv(m, MatMulKernels.WarpsPerGroup)),
            new Index2D(MatMulKernels.LanesPerWarp * MatMulKernels.WarpsPerGroup, 1)),
        MatMulVersion.Tiled => new KernelConfig(
            new Index2D(Grids.CeilDiv(n, MatMulKernels.Tile), Grids.CeilDiv(m, MatMulKernels.Tile)),
            new Index2D(MatMulKernels.Tile, MatMulKernels.Tile)),
        MatMulVersion.RegisterBlocked or MatMulVersion.Vectorized => new KernelConfig(
            new Index2D(Grids.CeilDiv(n, MatMulKernels.BlockTile), Grids.CeilDiv(m, MatMulKernels.BlockTile)),
            new Index2D(MatMulKernels.BlockTile / MatMulKernels.ThreadTile, MatMulKernels.BlockTile / MatMulKernels.ThreadTile)),
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>True for the versions that need k and n to be multiples of 4 (16-byte aligned rows).</summary>
    public static bool NeedsMultiplesOfFour(MatMulVersion version) => version == MatMulVersion.Vectorized;

    /// <summary>
    /// Queues C = A·B on the accelerator's default stream (row-major, A m×k, B k×n, C m×n) and returns; call
    /// <c>Synchronize()</c> to wait. Compiles the kernel on its first launch.
    /// </summary>
    public void Launch(MatMulVersion version, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        if (m <= 0 || k <= 0 || n <= 0)
        {
            throw new ArgumentException($"matmul: sizes must be positive, got m={m}, k={k}, n={n}");
        }
        if (NeedsMultiplesOfFour(version) && (k % 4 != 0 || n % 4 != 0))
        {
            throw new ArgumentException($"matmul {version}: k={k} and n={n} must be multiples of 4 (use Multiply, which pads)");
        }
        if ((long)m * k > int.MaxValue || (long)k * n > int.MaxValue || (long)m * n > int.MaxValue)
        {
            throw new ArgumentException($"matmul: the kernels index with 32-bit ints; {m}x{k} · {k}x{n} has a matrix past 2^31 elements");
        }
        Grids.RequireLength("matmul A", a, (long)m * k);
        Grids.RequireLength("matmul B", b, (long)k * n);
        Grids.RequireLength("matmul C", c, (long)m * n);
        Kernel(version)(GridFor(version, m, n), a, b, c, m, k, n);
    }

    /// <summary>
    /// C = A·B for host arrays: uploads, launches, waits and downloads. For <see cref="MatMulVersion.Vectorized"/>
    /// it pads k and n up to multiples of 4 with zeros first and drops the extra columns of C after.
    /// </summary>
    public float[] Multiply(MatMulVersion version, float[] a, float[] b, int m, int k, int n)
    {
        var (k4, n4) = NeedsMultiplesOfFour(version) ? (Padding.RoundUp(k, 4), Padding.RoundUp(n, 4)) : (k, n);
        using var aBuffer = accelerator.Allocate1D(k4 == k ? a : Padding.Pad(a, m, k, m, k4));
        using var bBuffer = accelerator.Allocate1D(k4 == k && n4 == n ? b : Padding.Pad(b, k, n, k4, n4));
        using var cBuffer = accelerator.Allocate1D<float>((long)m * n4);
        Launch(version, aBuffer.View, bBuffer.View, cBuffer.View, m, k4, n4);
        accelerator.Synchronize();
        var c = cBuffer.GetAsArray1D();
        return n4 == n ? c : Padding.KeepColumns(c, m, n4, n);
    }

    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> Kernel(MatMulVersion version)
    {
        if (!_loaded.TryGetValue(version, out var kernel))
        {
            kernel = accelerator.LoadStreamKernel(KernelOf(version));
            _loaded[version] = kernel;
        }
        return kernel;
    }
}

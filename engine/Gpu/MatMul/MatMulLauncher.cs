using System.Reflection;
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
    WarpTiled,
    DoubleBuffered,
    Autotuned,
}

/// <summary>
/// Compiles the matmul kernels for one accelerator (each on first use) and launches each with the grid it
/// expects. <see cref="Launch(MatMulVersion, ArrayView{float}, ArrayView{float}, ArrayView{float}, int, int, int)"/>
/// works on device views and returns at once; <see cref="Multiply"/> takes host arrays and does the whole round
/// trip, for tests and small jobs; <see cref="LaunchFastest"/> is the entry point for callers that just want the
/// product (the GPU backend).
/// </summary>
/// <remarks>
/// <see cref="MatMulVersion.WarpTiled"/> and <see cref="MatMulVersion.DoubleBuffered"/> run the tile shape
/// <see cref="DefaultTiles"/> (128×128×16, warps of 64×32); <see cref="MatMulVersion.Autotuned"/> runs
/// <see cref="MatMulKernels.DoubleBuffered{TTiles}"/> with the shape <see cref="Autotuner"/> found fastest for the
/// product, timing its candidates on the first launch of each m×k×n.
/// </remarks>
public sealed class MatMulLauncher
{
    private readonly Accelerator _accelerator;
    private readonly Dictionary<MethodInfo, Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>> _loaded = [];

    public MatMulLauncher(Accelerator accelerator)
    {
        _accelerator = accelerator;
        Autotuner = new MatMulAutotuner(accelerator, LaunchCandidate);
    }

    /// <summary>The tile shape of the lab's <see cref="MatMulVersion.WarpTiled"/> and <see cref="MatMulVersion.DoubleBuffered"/>.</summary>
    public static WarpTileShape DefaultTiles { get; } = WarpTileShape.Of<Block128x128Depth16Warp64x32>().Validate();

    /// <summary>The choices <see cref="MatMulVersion.Autotuned"/> made, one a shape launched.</summary>
    public MatMulAutotuner Autotuner { get; }

    public static IReadOnlyList<MatMulVersion> Versions { get; } = Enum.GetValues<MatMulVersion>();

    /// <summary>The kernel method of a version (for compiling it, or reading its PTX).</summary>
    public static Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> KernelOf(MatMulVersion version) => version switch
    {
        MatMulVersion.Naive => MatMulKernels.Naive,
        MatMulVersion.Coalesced => MatMulKernels.Coalesced,
        MatMulVersion.Tiled => MatMulKernels.Tiled,
        MatMulVersion.RegisterBlocked => MatMulKernels.RegisterBlocked,
        MatMulVersion.Vectorized => MatMulKernels.Vectorized,
        MatMulVersion.WarpTiled => MatMulKernels.WarpTiled<Block128x128Depth16Warp64x32>,
        // Autotuned picks its shape per product; its kernel before tuning, and in the PTX, is the default one.
        MatMulVersion.DoubleBuffered or MatMulVersion.Autotuned => MatMulKernels.DoubleBuffered<Block128x128Depth16Warp64x32>,
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
        MatMulVersion.WarpTiled or MatMulVersion.DoubleBuffered or MatMulVersion.Autotuned => GridFor(DefaultTiles, m, n),
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>The grid of a warp-tiled kernel: a group a block of C, one warp a warp tile (1-D groups).</summary>
    public static KernelConfig GridFor(WarpTileShape tiles, int m, int n) => new(
        new Index2D(Grids.CeilDiv(n, tiles.BlockColumns), Grids.CeilDiv(m, tiles.BlockRows)),
        new Index2D(tiles.Threads, 1));

    /// <summary>True for the versions that need k and n to be multiples of 4 (16-byte aligned rows).</summary>
    public static bool NeedsMultiplesOfFour(MatMulVersion version) => version >= MatMulVersion.Vectorized;

    /// <summary>
    /// Queues C = A·B on the accelerator's default stream (row-major, A m×k, B k×n, C m×n) and returns; call
    /// <c>Synchronize()</c> to wait. Compiles the kernel on its first launch. <see cref="MatMulVersion.Autotuned"/>
    /// also tunes on its first launch of each m×k×n (see <see cref="MatMulAutotuner"/>), and waits for the device then.
    /// </summary>
    public void Launch(MatMulVersion version, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        Require(version, a, b, c, m, k, n);
        if (version == MatMulVersion.Autotuned)
        {
            var winner = Autotuner.Choose(a, b, c, m, k, n).Winner;
            LaunchCandidate(MatMulAutotuner.Candidates.First(candidate => candidate.Shape == winner), a, b, c, m, k, n);
            return;
        }
        Kernel(KernelOf(version))(GridFor(version, m, n), a, b, c, m, k, n);
    }

    /// <summary>
    /// C = A·B with the fastest version for the shape, for callers that want the product and not a version (the GPU
    /// backend): dense row-major A (m×k), B (k×n), C (m×n) on this launcher's accelerator, views at least that long.
    /// When k and n are multiples of 4, <see cref="MatMulVersion.Autotuned"/> (128-bit loads; the first call of each
    /// m×k×n times the candidate tile shapes on these buffers and waits for the device); otherwise
    /// <see cref="MatMulVersion.RegisterBlocked"/>, the fastest version that takes any shape. Queued on the default
    /// stream; returns at once after the first call of a shape.
    /// </summary>
    public void LaunchFastest(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n) =>
        Launch(FastestFor(k, n), a, b, c, m, k, n);

    /// <summary>The version <see cref="LaunchFastest"/> runs for an inner size k and a width n.</summary>
    public static MatMulVersion FastestFor(int k, int n) =>
        k % 4 == 0 && n % 4 == 0 ? MatMulVersion.Autotuned : MatMulVersion.RegisterBlocked;

    private static void Require(MatMulVersion version, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
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
    }

    /// <summary>
    /// C = A·B for host arrays: uploads, launches, waits and downloads. For the versions with 128-bit loads
    /// (<see cref="NeedsMultiplesOfFour"/>) it pads k and n up to multiples of 4 with zeros first and drops the extra columns of C after.
    /// </summary>
    public float[] Multiply(MatMulVersion version, float[] a, float[] b, int m, int k, int n)
    {
        var (k4, n4) = NeedsMultiplesOfFour(version) ? (Padding.RoundUp(k, 4), Padding.RoundUp(n, 4)) : (k, n);
        using var aBuffer = _accelerator.Allocate1D(k4 == k ? a : Padding.Pad(a, m, k, m, k4));
        using var bBuffer = _accelerator.Allocate1D(k4 == k && n4 == n ? b : Padding.Pad(b, k, n, k4, n4));
        using var cBuffer = _accelerator.Allocate1D<float>((long)m * n4);
        Launch(version, aBuffer.View, bBuffer.View, cBuffer.View, m, k4, n4);
        _accelerator.Synchronize();
        var c = cBuffer.GetAsArray1D();
        return n4 == n ? c : Padding.KeepColumns(c, m, n4, n);
    }

    /// <summary>
    /// Queues one tile shape of the double-buffered kernel (one of <see cref="MatMulAutotuner.Candidates"/>) on its
    /// own grid: what the autotuner times and launches; k and n must be multiples of 4.
    /// </summary>
    public void Launch(TileCandidate candidate, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        Require(MatMulVersion.DoubleBuffered, a, b, c, m, k, n);
        LaunchCandidate(candidate, a, b, c, m, k, n);
    }

    private void LaunchCandidate(TileCandidate candidate, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n) =>
        Kernel(candidate.Kernel)(GridFor(candidate.Shape, m, n), a, b, c, m, k, n);

    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> Kernel(
        Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> method)
    {
        if (!_loaded.TryGetValue(method.Method, out var kernel))
        {
            kernel = _accelerator.LoadStreamKernel(method);
            _loaded[method.Method] = kernel;
        }
        return kernel;
    }
}

using System.Globalization;
using DeepLearning.Gpu.Diagnostics;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.MatMul;

/// <summary>One compiled tile shape of <see cref="MatMulKernels.DoubleBuffered{TTiles}"/>: its sizes as values, and the kernel.</summary>
public sealed record TileCandidate(WarpTileShape Shape, Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> Kernel);

/// <summary>What the autotuner chose for one m×k×n product: the winning shape, and every candidate's time.</summary>
public sealed record AutotuneChoice(WarpTileShape Winner, IReadOnlyList<(WarpTileShape Shape, double Milliseconds)> Timings)
{
    /// <summary>A line for the lab's report: <c>chose 128x64x16 warps 64x32 (0.81 ms); 128x128x16 warps 64x32 0.95 ms, ...</c>.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"chose {Winner.Name} ({Timings.First(t => t.Shape == Winner).Milliseconds:G3} ms) of ") +
        string.Join(", ", Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Shape.Name} {t.Milliseconds:G3} ms")));
}

/// <summary>
/// Autotuning: the best tile shape of <see cref="MatMulKernels.DoubleBuffered{TTiles}"/> depends on the product
/// (a 128×128 block leaves most of 132 SMs idle on a 512×512 C, which has 16 such blocks; smaller blocks reuse
/// less of what they load) and on the device, so instead of guessing, the first launch of a shape times every
/// <see cref="Candidates"/> on it and remembers the fastest, as cuBLAS's heuristics and Triton's
/// <c>@autotune</c> do. Later launches of that shape go straight to the winner.
/// </summary>
/// <remarks>
/// Tuning runs on the caller's own buffers (each candidate overwrites C with the same product) and waits for the
/// device, so the first launch of each new shape is slow: 1 + warm-up + timed launches of each of the 5 candidates.
/// On the CPU accelerator, whose timings say nothing about a GPU, each candidate runs once, untimed beyond that.
/// </remarks>
public sealed class MatMulAutotuner(Accelerator accelerator, Action<TileCandidate, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> launch)
{
    private readonly Dictionary<(int M, int K, int N), AutotuneChoice> _choices = [];

    /// <summary>
    /// The shapes tried, each a separate compiled kernel: the lab's default 128×128×16 with its two warp layouts,
    /// the same block 8 deep (less shared memory, more groups an SM), and the half blocks 128×64 and 64×128 on 4
    /// warps (twice the groups, for products too small to fill the device).
    /// </summary>
    public static IReadOnlyList<TileCandidate> Candidates { get; } =
    [
        new(WarpTileShape.Of<Block128x128Depth16Warp64x32>().Validate(), MatMulKernels.DoubleBuffered<Block128x128Depth16Warp64x32>),
        new(WarpTileShape.Of<Block128x128Depth16Warp32x64>().Validate(), MatMulKernels.DoubleBuffered<Block128x128Depth16Warp32x64>),
        new(WarpTileShape.Of<Block128x128Depth8Warp64x32>().Validate(), MatMulKernels.DoubleBuffered<Block128x128Depth8Warp64x32>),
        new(WarpTileShape.Of<Block128x64Depth16Warp64x32>().Validate(), MatMulKernels.DoubleBuffered<Block128x64Depth16Warp64x32>),
        new(WarpTileShape.Of<Block64x128Depth16Warp32x64>().Validate(), MatMulKernels.DoubleBuffered<Block64x128Depth16Warp32x64>),
    ];

    /// <summary>Every shape tuned so far and its choice.</summary>
    public IReadOnlyDictionary<(int M, int K, int N), AutotuneChoice> Choices => _choices;

    /// <summary>The choice for m×k×n, timing every candidate on these buffers the first time (k and n multiples of 4).</summary>
    public AutotuneChoice Choose(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n)
    {
        if (_choices.TryGetValue((m, k, n), out var known))
        {
            return known;
        }
        var onCpu = accelerator.AcceleratorType == AcceleratorType.CPU;
        var timings = Candidates
            .Select(candidate => (Shape: candidate.Shape, Milliseconds: LaunchTimer.Measure(() => launch(candidate, a, b, c, m, k, n), accelerator,
                warmup: onCpu ? 0 : 2, maxLaunches: onCpu ? 1 : 10, budgetSeconds: 0.05).MillisecondsPerLaunch))
            .ToList();
        var choice = new AutotuneChoice(timings.MinBy(t => t.Milliseconds).Shape, timings);
        _choices[(m, k, n)] = choice;
        return choice;
    }
}

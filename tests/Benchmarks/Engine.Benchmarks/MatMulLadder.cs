using DeepLearning.Backends;
using DeepLearning.Backends.MatMul;

namespace DeepLearning.Benchmarks;

/// <summary>A row of chapter 9's table: one matrix-product version, its speed and its largest difference from the reference.</summary>
internal sealed record LadderResult(string Version, int Size, int Threads, double Seconds, double Gflops, double MaxAbsoluteError);

/// <summary>
/// The five versions of chapter 9 (engine/Backends/MatMul), timed at one size on row-major arrays and each
/// validated against the reference backend's product of the same matrices.
/// </summary>
internal static class MatMulLadder
{
    public static List<LadderResult> Run(int size)
    {
        var generator = new Generator(3);
        var a = Enumerable.Range(0, size * size).Select(_ => generator.NextFloat() * 2 - 1).ToArray();
        var b = Enumerable.Range(0, size * size).Select(_ => generator.NextFloat() * 2 - 1).ToArray();
        var expected = new float[size * size];
        Backend.Reference.MatMul(MatrixBatch.RowMajor(a, size), MatrixBatch.RowMajor(b, size), MatrixBatch.RowMajor(expected, size), size, size, size, accumulate: false);

        var versions = new (string Name, int Threads, Action<float[], float[], float[]> Multiply)[]
        {
            ("1 naive (i, j, p)", 1, (x, y, c) => NaiveMatMul.Multiply(x, y, c, size, size, size)),
            ("2 reordered (i, p, j)", 1, (x, y, c) => ReorderedMatMul.Multiply(x, y, c, size, size, size)),
            ("3 blocked", 1, (x, y, c) => BlockedMatMul.Multiply(x, y, c, size, size, size)),
            ("4 simd (packed FMA tiles)", 1, (x, y, c) => SimdMatMul.Multiply(x, y, c, size, size, size)),
            ("5 parallel", 2, (x, y, c) => ParallelMatMul.Multiply(x, y, c, size, size, size, threads: 2)),
        };
        var results = new List<LadderResult>();
        foreach (var (name, threads, multiply) in versions)
        {
            var c = new float[size * size];
            var seconds = Timing.Best(() => multiply(a, b, c));
            var error = c.Select((value, i) => (double)Math.Abs(value - expected[i])).Max();
            var result = new LadderResult(name, size, threads, seconds, 2.0 * size * size * size / seconds / 1e9, error);
            results.Add(result);
            Console.WriteLine($"ladder {size}: {name,-32} {result.Gflops,7:F2} GFLOPS, max |error| vs reference {error:E1}");
        }
        return results;
    }
}

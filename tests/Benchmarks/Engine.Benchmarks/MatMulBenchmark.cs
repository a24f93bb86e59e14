using DeepLearning.Backends;
using TorchSharp;

namespace DeepLearning.Benchmarks;

/// <summary>One row of the GFLOPS table: a square size, an implementation and a thread count.</summary>
internal sealed record MatMulResult(int Size, string Implementation, int Threads, double Seconds, double Gflops, double PercentOfPeak);

/// <summary>
/// C = A B for square float32 matrices, through each framework's public product: <see cref="Tensor.MatMul"/>
/// with the reference and the fast backend, and <c>torch.matmul</c>. Each allocates its result, as a model's
/// product does. GFLOPS = 2n³ / best time, over interleaved rounds of both frameworks.
/// </summary>
internal static class MatMulBenchmark
{
    private const int Rounds = 3;
    private const double RoundSeconds = 0.4;

    public static List<MatMulResult> Run(int[] sizes, MachinePeak peak)
    {
        var results = new List<MatMulResult>();
        foreach (var size in sizes)
        {
            var a = Tensor.Rand([size, size], new Generator(1));
            var b = Tensor.Rand([size, size], new Generator(2));
            var flops = 2.0 * size * size * size;
            void Add(string implementation, int threads, double seconds)
            {
                var gflops = flops / seconds / 1e9;
                var result = new MatMulResult(size, implementation, threads, seconds, gflops, 100 * gflops / peak.Measured(threads));
                results.Add(result);
                Console.WriteLine($"matmul {size}x{size} {implementation,-10} {threads} thread(s): {gflops,7:F1} GFLOPS ({result.PercentOfPeak:F0} % of peak)");
            }

            // The reference backend is one plain loop nest: it has no second thread to use.
            Add("reference", 1, Engine(Backend.Reference, a, b, budgetSeconds: 1.0));
            // The others in interleaved rounds, best of all rounds: a burst of load from another process on the
            // machine then spoils one round of each, not all of one implementation's runs.
            var best = new Dictionary<(string, int), double>();
            for (var round = 0; round < Rounds; round++)
            {
                MachineLoad.WaitUntilIdle();
                foreach (var threads in new[] { 1, 2 })
                {
                    Keep(best, ("fast-cpu", threads), Engine(new FastCpuBackend(threads), a, b, RoundSeconds));
                    Keep(best, ("libtorch", threads), Torch(a, b, threads, RoundSeconds));
                }
            }
            foreach (var ((implementation, threads), seconds) in best.OrderBy(pair => pair.Key.Item2))
            {
                Add(implementation, threads, seconds);
            }
        }
        return results;
    }

    private static void Keep(Dictionary<(string, int), double> best, (string, int) key, double seconds) =>
        best[key] = Math.Min(seconds, best.GetValueOrDefault(key, double.MaxValue));

    private static double Engine(IBackend backend, Tensor a, Tensor b, double budgetSeconds)
    {
        using var _ = Device.Cpu.UseBackend(backend);
        return Timing.Best(() => a.MatMul(b), budgetSeconds);
    }

    private static double Torch(Tensor a, Tensor b, int threads, double budgetSeconds)
    {
        torch.set_num_threads(threads);
        var n = a.Size(0);
        using var ta = torch.tensor(a.ToArray(), [n, n]);
        using var tb = torch.tensor(b.ToArray(), [n, n]);
        return Timing.Best(() =>
        {
            using var c = ta.matmul(tb);
        }, budgetSeconds);
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearning.Benchmarks;

/// <summary>
/// The machine's fp32 peak, two ways. By formula: cores × clock × 2 FMA units × 8 lanes × 2 flops, with the clock
/// /proc/cpuinfo reports (on a VM the nominal clock; the cores may run faster). Measured: a loop of independent
/// fused multiply-adds (12 accumulators, no memory traffic), on 1 and on 2 threads, with 256-bit vectors and,
/// where the processor has them, 512-bit ones (on AMD Zen 4 a 512-bit FMA counts double but takes two slots,
/// so both widths give the same peak), best of three attempts each started on an idle machine. The percentages
/// in the report are of the measured peak.
/// </summary>
internal sealed record MachinePeak(double FormulaGflops, double ClockGhz, double MeasuredGflops1Thread, double MeasuredGflops2Threads)
{
    public override string ToString() =>
        $"formula {FormulaGflops:F1} GFLOPS (2 cores × {ClockGhz:F3} GHz × 2 FMA × 8 lanes × 2); measured FMA loop {MeasuredGflops1Thread:F1} GFLOPS on 1 thread, {MeasuredGflops2Threads:F1} on 2";

    public double Measured(int threads) => threads == 1 ? MeasuredGflops1Thread : MeasuredGflops2Threads;

    public static string Describe()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name"))?.Split(':')[1].Trim() ?? "unknown";
        return $"{model}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Vector512 {(Vector512.IsHardwareAccelerated ? "yes" : "no")}";
    }

    public static MachinePeak Measure()
    {
        var mhz = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("cpu MHz"))?.Split(':')[1].Trim();
        var ghz = double.Parse(mhz ?? "0", System.Globalization.CultureInfo.InvariantCulture) / 1000;
        var formula = Environment.ProcessorCount * ghz * 2 * 8 * 2;
        return new MachinePeak(formula, ghz, MeasureThreads(1), MeasureThreads(2));
    }

    private static double MeasureThreads(int threads)
    {
        const long iterations = 20_000_000;
        var best = 0.0;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            MachineLoad.WaitUntilIdle();
            var clock = Stopwatch.StartNew();
            var flopsPerIteration = 0.0;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
                flopsPerIteration = Vector512.IsHardwareAccelerated ? Fma512(iterations) : Fma256(iterations));
            best = Math.Max(best, threads * iterations * flopsPerIteration / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    /// <summary>12 independent chains of 8-lane FMAs: 12 × 8 × 2 flops an iteration.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma256(long iterations)
    {
        var m = Vector256.Create(0.999f);
        var a = Vector256.Create(0.001f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a);
            c2 = Vector256.FusedMultiplyAdd(c2, m, a); c3 = Vector256.FusedMultiplyAdd(c3, m, a);
            c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a);
            c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a);
            c8 = Vector256.FusedMultiplyAdd(c8, m, a); c9 = Vector256.FusedMultiplyAdd(c9, m, a);
            c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
        }
        Sink = (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).GetElement(0);
        return 12 * 8 * 2;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma512(long iterations)
    {
        var m = Vector512.Create(0.999f);
        var a = Vector512.Create(0.001f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations / 2; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
            c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
            c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }
        Sink = (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).GetElement(0);
        // Half the iterations of 16-lane vectors: the same flops as the 256-bit loop.
        return 12 * 8 * 2;
    }

    /// <summary>Keeps the loops' results alive, so the JIT cannot drop them.</summary>
    public static float Sink { get; private set; }
}

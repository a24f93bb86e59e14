using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Diagnostics;
using DeepLearning.Gpu.Lab;
using DeepLearning.Gpu.MatMul;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.KernelLab;

/// <summary>The matmul versions, and cuBLAS SGEMM on CUDA, on one m×k·k×n problem of random floats in [−1, 1).</summary>
public static class MatMulLab
{
    public static List<LabResult> Run(AcceleratorSession session, LabOptions options, DevicePeak peak, TextWriter log)
    {
        int m = options.M!.Value, k = options.K!.Value, n = options.N!.Value;
        var accelerator = session.Accelerator;
        var flops = 2.0 * m * n * k;
        log.WriteLine($"matmul {m}x{k} · {k}x{n}: 2mnk = {flops / 1e9:G4} GFLOP" +
            (peak.Gflops is double g ? $", {LabReport.Seconds(flops / (g * 1e9))} at the peak" : "") +
            $"; compulsory traffic (A, B read once, C written) {LabReport.Bytes(4.0 * ((long)m * k + (long)k * n + (long)m * n))}");
        log.WriteLine(LabReport.Header);

        var a = SeededInputs.Uniform(m * k, seed: 1, low: -1, high: 1);
        var b = SeededInputs.Uniform(k * n, seed: 2, low: -1, high: 1);
        var check = new MatMulValidation(a, b, m, k, n);
        using var aBuffer = accelerator.Allocate1D(a);
        using var bBuffer = accelerator.Allocate1D(b);
        using var cBuffer = accelerator.Allocate1D<float>((long)m * n);
        var launcher = new MatMulLauncher(accelerator);
        var results = new List<LabResult>();

        LabResult Measure(string kernel, Action launch, Func<float[]> download, double? cuBlasGflops)
        {
            cBuffer.MemSetToZero();
            var timing = LaunchTimer.Measure(launch, accelerator, options.Warmup!.Value, options.Launches!.Value, options.TimeBudgetSeconds);
            var gflops = flops / (timing.MillisecondsPerLaunch * 1e6);
            var result = new LabResult("matmul", kernel, $"{m}x{k}x{n}", timing, gflops, null,
                peak.Gflops is double p ? 100 * gflops / p : null, cuBlasGflops is double c ? gflops / c : null,
                check.MaxError(download()), check.Tolerance, check.Description);
            log.WriteLine(LabReport.Line(result));
            return result;
        }

        double? cuBlasGflops = null;
        using (var cuBlas = CuBlasSgemm.TryCreate(accelerator, out var status))
        {
            log.WriteLine($"  {status}");
            if (cuBlas is not null)
            {
                var baseline = Measure("cuBLAS SGEMM", () => cuBlas.Launch(aBuffer.View, bBuffer.View, cBuffer.View, m, k, n),
                    () => cBuffer.GetAsArray1D(), null);
                results.Add(baseline with { FractionOfCuBlas = 1 });
                cuBlasGflops = baseline.Gflops;
            }
        }

        foreach (var version in MatMulLauncher.Versions)
        {
            if (MatMulLauncher.NeedsMultiplesOfFour(version) && (k % 4 != 0 || n % 4 != 0))
            {
                results.Add(MeasurePadded(version, launcher, a, b, m, k, n, accelerator, check, options, peak, cuBlasGflops, log));
                continue;
            }
            results.Add(Measure(version.ToString(), () => launcher.Launch(version, aBuffer.View, bBuffer.View, cBuffer.View, m, k, n),
                () => cBuffer.GetAsArray1D(), cuBlasGflops));
        }
        return results;
    }

    /// <summary>
    /// The vectorized version on a shape whose k or n is not a multiple of 4: A and B padded with zero columns
    /// and rows once, before timing; the flops counted are those of the real shape.
    /// </summary>
    private static LabResult MeasurePadded(MatMulVersion version, MatMulLauncher launcher, float[] a, float[] b, int m, int k, int n,
        Accelerator accelerator, MatMulValidation check, LabOptions options, DevicePeak peak, double? cuBlasGflops, TextWriter log)
    {
        int k4 = Padding.RoundUp(k, 4), n4 = Padding.RoundUp(n, 4);
        using var aBuffer = accelerator.Allocate1D(Padding.Pad(a, m, k, m, k4));
        using var bBuffer = accelerator.Allocate1D(Padding.Pad(b, k, n, k4, n4));
        using var cBuffer = accelerator.Allocate1D<float>((long)m * n4);
        var timing = LaunchTimer.Measure(() => launcher.Launch(version, aBuffer.View, bBuffer.View, cBuffer.View, m, k4, n4),
            accelerator, options.Warmup!.Value, options.Launches!.Value, options.TimeBudgetSeconds);
        var gflops = 2.0 * m * n * k / (timing.MillisecondsPerLaunch * 1e6);
        var c = Padding.KeepColumns(cBuffer.GetAsArray1D(), m, n4, n);
        var result = new LabResult("matmul", $"{version} (padded to k={k4}, n={n4})", $"{m}x{k}x{n}", timing, gflops, null,
            peak.Gflops is double p ? 100 * gflops / p : null, cuBlasGflops is double cb ? gflops / cb : null,
            check.MaxError(c), check.Tolerance, check.Description);
        log.WriteLine(LabReport.Line(result));
        return result;
    }
}

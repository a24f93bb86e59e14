using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace DeepLearning.Gpu.Diagnostics;

/// <summary>
/// The most a device could do: fp32 GFLOPS and memory GB/s, each with the formula that gave it, so a measured
/// figure can be printed as a fraction of the peak. A null figure is unknown, and no fraction is printed.
/// </summary>
public sealed record DevicePeak(double? Gflops, string GflopsSource, double? GBps, string BandwidthSource)
{
    /// <summary>The development machine's base clock (AMD Zen3, 2 cores), used when none is given.</summary>
    public const double DefaultCpuGhz = 2.445;

    /// <summary>
    /// The peak of the device behind <paramref name="accelerator"/>. For the CPU accelerator, the fp32 peak is
    /// the SIMD formula of the host CPU (cores × GHz × 2 FMA units × 8 AVX2 lanes × 2 flops) and the bandwidth is
    /// a host memory copy measured now; <paramref name="cpuGhz"/> is the clock the formula assumes.
    /// </summary>
    public static DevicePeak For(Accelerator accelerator, double cpuGhz = DefaultCpuGhz) => accelerator switch
    {
        CudaAccelerator cuda => ForCuda(cuda),
        _ when accelerator.AcceleratorType == AcceleratorType.CPU => ForHostCpu(cpuGhz),
        _ => new DevicePeak(null, "unknown for this device kind", null, "unknown for this device kind"),
    };

    /// <summary>
    /// fp32: SMs × FP32 cores per SM × 2 flops (one FMA) × boost clock. Bandwidth: memory clock × 2 (double data
    /// rate) × bus width in bytes. For an H100 SXM: 132 × 128 × 2 × 1.98 GHz = 66.9 TFLOPS and
    /// 2 × 2.619 GHz × 5120 / 8 = 3.35 TB/s, NVIDIA's published figures; an H200 reports the same clock and
    /// 3.201 GHz on a 6016-bit bus: 4.8 TB/s.
    /// </summary>
    public static DevicePeak ForCuda(CudaAccelerator cuda) => ForCuda(
        cuda.NumMultiprocessors, cuda.Architecture.Major, cuda.Architecture.Minor,
        cuda.ClockRate, cuda.MemoryClockRate, cuda.MemoryBusWidth);

    /// <summary>
    /// The peak from the figures ILGPU reports for a CUDA device. The driver gives clocks in kHz, and ILGPU 1.5.3
    /// divides them by 1000 (<c>CudaDevice.InitDeviceInfo</c>): <c>ClockRate</c> and <c>MemoryClockRate</c> are
    /// in MHz, e.g. 1980 and 3201 on an H200.
    /// </summary>
    public static DevicePeak ForCuda(int multiprocessors, int major, int minor, int clockMHz, int memoryClockMHz, int memoryBusWidthBits)
    {
        var coresPerSm = Fp32CoresPerMultiprocessor(major, minor);
        double? gflops = coresPerSm is int cores && clockMHz > 0 ? CudaGflops(multiprocessors, cores, clockMHz) : null;
        var gflopsSource = coresPerSm is int c
            ? string.Create(CultureInfo.InvariantCulture, $"{multiprocessors} SMs × {c} FP32 cores/SM (sm_{major}{minor}) × 2 flops × {clockMHz / 1e3:F3} GHz")
            : $"unknown: no FP32 cores/SM figure for sm_{major}{minor}";

        double? gbps = memoryClockMHz > 0 && memoryBusWidthBits > 0 ? CudaGBps(memoryClockMHz, memoryBusWidthBits) : null;
        var bandwidthSource = gbps is null
            ? "unknown: the driver reported no memory clock"
            : string.Create(CultureInfo.InvariantCulture, $"2 × {memoryClockMHz / 1e3:F3} GHz memory clock × {memoryBusWidthBits}-bit bus / 8");
        return new DevicePeak(gflops, gflopsSource, gbps, bandwidthSource);
    }

    /// <summary>SMs × FP32 cores per SM × 2 flops × clock, in GFLOPS; the clock in MHz, as ILGPU reports it.</summary>
    public static double CudaGflops(int multiprocessors, int coresPerMultiprocessor, int clockMHz) =>
        multiprocessors * coresPerMultiprocessor * 2.0 * clockMHz / 1e3;

    /// <summary>2 transfers a clock × bus width in bytes, in GB/s; the memory clock in MHz, as ILGPU reports it.</summary>
    public static double CudaGBps(int memoryClockMHz, int busWidthBits) => 2.0 * memoryClockMHz / 1e3 * busWidthBits / 8;

    /// <summary>FP32 lanes a streaming multiprocessor issues per clock, from NVIDIA's CUDA programming guide tables.</summary>
    public static int? Fp32CoresPerMultiprocessor(int major, int minor) => (major, minor) switch
    {
        (3, _) => 192,
        (5, _) => 128,
        (6, 0) => 64,
        (6, _) => 128,
        (7, _) => 64,
        (8, 0) => 64,
        (8, _) => 128,
        (9, _) or (10, _) or (12, _) => 128,
        _ => null,
    };

    /// <summary>
    /// The host CPU: fp32 from the SIMD formula (what tuned BLAS nearly reaches; the CPU accelerator runs scalar
    /// code on OS threads and reaches a tiny fraction of it), bandwidth from a 64 MiB memory copy measured now.
    /// </summary>
    public static DevicePeak ForHostCpu(double ghz, int? cores = null)
    {
        var coreCount = cores ?? Environment.ProcessorCount;
        var gflops = coreCount * ghz * 2 * 8 * 2;
        var gbps = MeasureHostCopyGBps();
        return new DevicePeak(
            gflops,
            $"{coreCount} cores × {ghz:F3} GHz × 2 FMA units × 8 fp32 lanes (AVX2) × 2 flops",
            gbps,
            "measured: best of 5 copies of 64 MiB on one thread, bytes read + written");
    }

    private static unsafe double MeasureHostCopyGBps()
    {
        const int bytes = 64 << 20;
        var source = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        var destination = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        try
        {
            // Touch both buffers first so that page faults are not timed.
            NativeMemory.Fill(source, bytes, 1);
            NativeMemory.Fill(destination, bytes, 0);
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                Buffer.MemoryCopy(source, destination, bytes, bytes);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            return 2.0 * bytes / best / 1e9;
        }
        finally
        {
            NativeMemory.AlignedFree(source);
            NativeMemory.AlignedFree(destination);
        }
    }
}

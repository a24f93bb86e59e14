using DeepLearning.Gpu.Diagnostics;

namespace DeepLearning.Gpu.Tests.Diagnostics;

public sealed class DevicePeakTests
{
    [Test]
    public void Cuda_formulas_give_the_published_H100_SXM_figures()
    {
        // 132 SMs, sm_90, 1980 MHz boost; HBM3 at 2619 MHz on a 5120-bit bus: NVIDIA lists 67 TFLOPS and 3.35 TB/s.
        var cores = DevicePeak.Fp32CoresPerMultiprocessor(9, 0);

        Assert.Multiple(() =>
        {
            Assert.That(cores, Is.EqualTo(128));
            Assert.That(DevicePeak.CudaGflops(132, 128, clockMHz: 1980), Is.EqualTo(66_908.16).Within(0.01));
            Assert.That(DevicePeak.CudaGBps(memoryClockMHz: 2619, busWidthBits: 5120), Is.EqualTo(3352.32).Within(0.01));
        });
    }

    /// <summary>
    /// The figures ILGPU 1.5.3 reported on an H200, in MHz: read as kHz, they once printed "66.9 GFLOPS" and
    /// "4.8 GB/s" (and matmul at 2E+04 % of the peak). NVIDIA lists 67 TFLOPS fp32 and 4.8 TB/s.
    /// </summary>
    [Test]
    public void An_H200_as_ILGPU_reports_it_peaks_at_67_TFLOPS_and_4_8_TBps()
    {
        var peak = DevicePeak.ForCuda(multiprocessors: 132, major: 9, minor: 0, clockMHz: 1980, memoryClockMHz: 3201, memoryBusWidthBits: 6016);

        Assert.Multiple(() =>
        {
            Assert.That(peak.Gflops, Is.EqualTo(66_908.16).Within(0.01));
            Assert.That(peak.GflopsSource, Is.EqualTo("132 SMs × 128 FP32 cores/SM (sm_90) × 2 flops × 1.980 GHz"));
            Assert.That(peak.GBps, Is.EqualTo(4814.30).Within(0.01));
            Assert.That(peak.BandwidthSource, Is.EqualTo("2 × 3.201 GHz memory clock × 6016-bit bus / 8"));
        });
    }

    [Test]
    public void Cpu_formula_gives_the_development_machines_peak()
    {
        // PERF-NOTES: 2.445 GHz × 2 FMA × 8 lanes × 2 flops × 2 cores = 156.5 GFLOPS.
        var peak = DevicePeak.ForHostCpu(DevicePeak.DefaultCpuGhz, cores: 2);

        Assert.Multiple(() =>
        {
            Assert.That(peak.Gflops, Is.EqualTo(156.48).Within(0.01));
            Assert.That(peak.GBps, Is.GreaterThan(0), "the host copy bandwidth is measured");
        });
    }

    [Test]
    public void An_unknown_architecture_has_no_core_count()
    {
        Assert.That(DevicePeak.Fp32CoresPerMultiprocessor(2, 0), Is.Null);
    }
}

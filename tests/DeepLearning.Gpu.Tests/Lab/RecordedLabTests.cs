using DeepLearning.Gpu.Lab;

namespace DeepLearning.Gpu.Tests.Lab;

/// <summary>The H200 run that chapter 10 draws without a GPU: embedded whole, and read as the lab wrote it.</summary>
public sealed class RecordedLabTests
{
    [Test]
    public void TheH200RunHoldsEveryMatMulVersionAgainstCuBlasAndTheMemoryBoundKernels()
    {
        var lab = RecordedLab.H200;
        Assert.That(lab.Device, Does.Contain("H200"));
        Assert.That(lab.Peak.Gflops, Is.GreaterThan(0));
        Assert.That(lab.Peak.GBps, Is.GreaterThan(0));
        // The run predates the warp-tiled matmul versions (WarpTiled and after) and the vectorized sum and softmax
        // versions: it holds the matmul versions before them, and each recorded sum and softmax row is a version of today's.
        var recordedVersions = Enum.GetValues<DeepLearning.Gpu.MatMul.MatMulVersion>()
            .Where(version => version < DeepLearning.Gpu.MatMul.MatMulVersion.WarpTiled).Select(version => version.ToString());
        Assert.That(lab.Family("matmul").Select(row => row.Kernel), Is.EquivalentTo(new[] { "cuBLAS SGEMM" }.Concat(recordedVersions)));
        Assert.That(lab.Family("sum").Select(row => row.Kernel), Is.SubsetOf(Enum.GetNames<DeepLearning.Gpu.Reduction.ReductionVersion>()).And.Not.Empty);
        Assert.That(lab.Family("softmax").Select(row => row.Kernel), Is.SubsetOf(Enum.GetNames<DeepLearning.Gpu.Softmax.SoftmaxVersion>()).And.Not.Empty);
        Assert.That(lab.Results, Has.All.Matches<RecordedKernel>(row => row.Valid && row.Timing.MillisecondsPerLaunch > 0), "every recorded kernel was right and timed");
        Assert.That(lab.Family("matmul"), Has.All.Matches<RecordedKernel>(row => row.Gflops > 0 && row.PercentOfPeak > 0));
        Assert.That(lab.Family("sum").Concat(lab.Family("softmax")), Has.All.Matches<RecordedKernel>(row => row.GBps > 0));
    }
}

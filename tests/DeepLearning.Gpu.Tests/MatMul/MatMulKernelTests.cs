using DeepLearning.Gpu.MatMul;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Tests.MatMul;

/// <summary>
/// Every matmul version against the CPU reference on the CPU accelerator. The inputs are whole numbers, so
/// the products are exact and the comparison is equality: a wrong index, a missing tile or a stray store fails.
/// </summary>
public sealed class MatMulKernelTests
{
    /// <summary>
    /// (m, k, n): a single element; sizes below, at and across the tiles (16 for Tiled, 32×8 a group for the first
    /// two, 128×128 a group and 8 deep for the register versions, whose threads own rows and columns 64 apart);
    /// non-square; k and n not multiples of 4 (Vectorized pads). Small, because a barrier costs milliseconds on the
    /// CPU accelerator: the larger shapes have a short k.
    /// </summary>
    private static readonly (int M, int K, int N)[] Shapes =
    [
        (1, 1, 1),
        (5, 3, 7),
        (16, 16, 16),
        (37, 53, 29),
        (64, 64, 64),
        (13, 64, 2),
        (64, 7, 61),
        (2, 40, 64),
        (100, 9, 70),
        (128, 8, 128),
    ];

    private static MatMulLauncher Launcher => new(CpuAccelerator.Session.Accelerator);

    /// <summary>
    /// Autotuned is left out: it runs the double-buffered kernel in whichever tile shape it tunes to, and
    /// <see cref="MatMulAutotunerTests"/> checks every one of those shapes (tuning here would launch all five a shape).
    /// </summary>
    private static IEnumerable<TestCaseData> EveryVersionAndShape() =>
        from version in MatMulLauncher.Versions
        where version != MatMulVersion.Autotuned
        from shape in Shapes
        select new TestCaseData(version, shape.M, shape.K, shape.N).SetArgDisplayNames(version.ToString(), $"{shape.M}x{shape.K}x{shape.N}");

    [TestCaseSource(nameof(EveryVersionAndShape))]
    public void Equals_the_cpu_reference(MatMulVersion version, int m, int k, int n)
    {
        var a = TestData.NonZeroIntegers(m * k, seed: 1);
        var b = TestData.NonZeroIntegers(k * n, seed: 2);

        var c = Launcher.Multiply(version, a, b, m, k, n);

        Assert.That(c, Is.EqualTo(MatMulReference.MatMul(a, b, m, k, n)));
    }

    /// <summary>
    /// The register-tiled versions cover 128×128 of C a group, so the shapes above launch a single group; this
    /// one launches a 2×2 grid of them, the second row and column of groups partly outside C, and takes three
    /// steps of depth (two of 16 for the warp-tiled ones), the last one partial: it checks the block offsets (row
    /// blocks on y, column blocks on x).
    /// </summary>
    [TestCase(MatMulVersion.RegisterBlocked)]
    [TestCase(MatMulVersion.Vectorized)]
    [TestCase(MatMulVersion.WarpTiled)]
    [TestCase(MatMulVersion.DoubleBuffered)]
    public void Register_tiled_versions_place_their_blocks_correctly(MatMulVersion version)
    {
        const int m = 150, k = 18, n = 133;
        var a = TestData.NonZeroIntegers(m * k, seed: 3);
        var b = TestData.NonZeroIntegers(k * n, seed: 4);

        var c = Launcher.Multiply(version, a, b, m, k, n);

        Assert.That(c, Is.EqualTo(MatMulReference.MatMul(a, b, m, k, n)));
    }

    [TestCaseSource(typeof(MatMulLauncher), nameof(MatMulLauncher.Versions))]
    public void Threads_outside_the_matrix_store_nothing(MatMulVersion version)
    {
        // C sits in a larger buffer filled with a sentinel: any store past m×n would overwrite one.
        const int m = 20, k = 12, n = 20;
        const float sentinel = 12345f;
        var accelerator = CpuAccelerator.Session.Accelerator;
        using var aBuffer = accelerator.Allocate1D(TestData.NonZeroIntegers(m * k, seed: 5));
        using var bBuffer = accelerator.Allocate1D(TestData.NonZeroIntegers(k * n, seed: 6));
        using var cBuffer = accelerator.Allocate1D(Enumerable.Repeat(sentinel, m * n + 4096).ToArray());

        Launcher.Launch(version, aBuffer.View, bBuffer.View, cBuffer.View, m, k, n);
        accelerator.Synchronize();

        var beyond = cBuffer.GetAsArray1D()[(m * n)..];
        Assert.That(beyond, Is.All.EqualTo(sentinel));
    }

    [Test]
    public void Vectorized_launch_refuses_rows_that_are_not_16_byte_aligned()
    {
        var accelerator = CpuAccelerator.Session.Accelerator;
        using var buffer = accelerator.Allocate1D<float>(64);

        var error = Assert.Throws<ArgumentException>(() =>
            Launcher.Launch(MatMulVersion.Vectorized, buffer.View, buffer.View, buffer.View, 2, 3, 4));

        Assert.That(error!.Message, Does.Contain("k=3 and n=4 must be multiples of 4"));
    }

    [Test]
    public void Launch_refuses_views_too_small_for_the_shape()
    {
        var accelerator = CpuAccelerator.Session.Accelerator;
        using var small = accelerator.Allocate1D<float>(5);
        using var large = accelerator.Allocate1D<float>(100);

        var error = Assert.Throws<ArgumentException>(() =>
            Launcher.Launch(MatMulVersion.Naive, small.View, large.View, large.View, 2, 3, 4));

        Assert.That(error!.Message, Is.EqualTo("matmul A: the view holds 5 floats, the shape needs 6"));
    }
}

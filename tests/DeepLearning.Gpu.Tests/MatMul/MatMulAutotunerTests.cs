using DeepLearning.Gpu.MatMul;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Tests.MatMul;

/// <summary>
/// The autotuned matmul: every tile shape it may choose against the CPU reference, its choice, and the entry point
/// <see cref="MatMulLauncher.LaunchFastest"/> that the GPU backend calls. Whole-number inputs: results must be exact.
/// </summary>
public sealed class MatMulAutotunerTests
{
    /// <summary>
    /// One element; k and n not multiples of 4 (padded here, as <see cref="MatMulLauncher.Multiply"/> pads); and
    /// 130×70·70×66, which crosses every shape's block edge (a 2×1 grid of 128×128 blocks, 2×2 of 128×64, 3×1 of
    /// 64×128) and ends k in a partial depth step.
    /// </summary>
    private static readonly (int M, int K, int N)[] Shapes = [(1, 1, 1), (37, 53, 29), (130, 70, 66)];

    private static IEnumerable<TestCaseData> EveryTileShapeAndShape() =>
        from candidate in MatMulAutotuner.Candidates
        from shape in Shapes
        select new TestCaseData(candidate, shape.M, shape.K, shape.N).SetArgDisplayNames(candidate.Shape.Name, $"{shape.M}x{shape.K}x{shape.N}");

    [TestCaseSource(nameof(EveryTileShapeAndShape))]
    public void Every_tile_shape_equals_the_cpu_reference(TileCandidate candidate, int m, int k, int n)
    {
        var a = TestData.NonZeroIntegers(m * k, seed: 7);
        var b = TestData.NonZeroIntegers(k * n, seed: 8);
        var accelerator = CpuAccelerator.Session.Accelerator;
        int k4 = Padding.RoundUp(k, 4), n4 = Padding.RoundUp(n, 4);
        using var aBuffer = accelerator.Allocate1D(Padding.Pad(a, m, k, m, k4));
        using var bBuffer = accelerator.Allocate1D(Padding.Pad(b, k, n, k4, n4));
        using var cBuffer = accelerator.Allocate1D<float>(m * n4);

        new MatMulLauncher(accelerator).Launch(candidate, aBuffer.View, bBuffer.View, cBuffer.View, m, k4, n4);
        accelerator.Synchronize();

        Assert.That(Padding.KeepColumns(cBuffer.GetAsArray1D(), m, n4, n), Is.EqualTo(MatMulReference.MatMul(a, b, m, k, n)));
    }

    [Test]
    public void The_autotuner_times_every_shape_once_a_product_and_its_choice_is_right()
    {
        const int m = 130, k = 70, n = 66;
        var a = TestData.NonZeroIntegers(m * k, seed: 9);
        var b = TestData.NonZeroIntegers(k * n, seed: 10);
        var launcher = new MatMulLauncher(CpuAccelerator.Session.Accelerator);

        var first = launcher.Multiply(MatMulVersion.Autotuned, a, b, m, k, n);
        var choice = launcher.Autotuner.Choices[(m, 72, 68)]; // k and n padded to multiples of 4
        var second = launcher.Multiply(MatMulVersion.Autotuned, a, b, m, k, n);

        var expected = MatMulReference.MatMul(a, b, m, k, n);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(expected));
            Assert.That(second, Is.EqualTo(expected));
            Assert.That(choice.Timings.Select(t => t.Shape), Is.EqualTo(MatMulAutotuner.Candidates.Select(c => c.Shape)), "every shape timed");
            Assert.That(choice.Timings, Has.All.Matches<(WarpTileShape Shape, double Milliseconds)>(t => t.Milliseconds > 0));
            Assert.That(choice.Winner, Is.EqualTo(choice.Timings.MinBy(t => t.Milliseconds).Shape), "the fastest wins");
            Assert.That(launcher.Autotuner.Choices, Has.Count.EqualTo(1), "the second launch reused the choice");
            Assert.That(choice.Describe(), Does.StartWith($"chose {choice.Winner.Name} ("));
        });
    }

    [TestCase(8, 12, MatMulVersion.Autotuned)]
    [TestCase(7, 12, MatMulVersion.RegisterBlocked)]
    [TestCase(8, 13, MatMulVersion.RegisterBlocked)]
    public void The_fastest_version_needs_k_and_n_multiples_of_4_for_128_bit_loads(int k, int n, MatMulVersion expected) =>
        Assert.That(MatMulLauncher.FastestFor(k, n), Is.EqualTo(expected));

    /// <summary>The backend's entry point on device views: an aligned shape (autotuned) and an odd one (register-blocked).</summary>
    [TestCase(20, 12, 8)]
    [TestCase(37, 53, 29)]
    public void LaunchFastest_equals_the_cpu_reference_on_device_views(int m, int k, int n)
    {
        var a = TestData.NonZeroIntegers(m * k, seed: 11);
        var b = TestData.NonZeroIntegers(k * n, seed: 12);
        var accelerator = CpuAccelerator.Session.Accelerator;
        using var aBuffer = accelerator.Allocate1D(a);
        using var bBuffer = accelerator.Allocate1D(b);
        using var cBuffer = accelerator.Allocate1D<float>(m * n);

        new MatMulLauncher(accelerator).LaunchFastest(aBuffer.View, bBuffer.View, cBuffer.View, m, k, n);
        accelerator.Synchronize();

        Assert.That(cBuffer.GetAsArray1D(), Is.EqualTo(MatMulReference.MatMul(a, b, m, k, n)));
    }

    [Test]
    public void A_tile_shape_that_breaks_the_kernels_rules_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WarpTileShape(128, 128, 16, 64, 64).Validate());

        Assert.That(error!.Message, Does.Contain("a warp tile is 32 threads × 64 outputs"));
    }
}

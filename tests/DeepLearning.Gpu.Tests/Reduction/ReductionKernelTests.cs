using DeepLearning.Gpu.Reduction;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Tests.Reduction;

/// <summary>
/// Every sum version on the CPU accelerator. Whole-number inputs make every summation order exact, so the
/// result must equal the true sum exactly, whatever order the atomics and the tree added in.
/// </summary>
public sealed class ReductionKernelTests
{
    /// <summary>One element; just below, at and above one group (256); several groups; many grid-stride rounds.</summary>
    private static readonly int[] Lengths = [1, 255, 256, 257, 1000, 4099, 20_000];

    private static ReductionLauncher Launcher => new(CpuAccelerator.Session.Accelerator);

    private static IEnumerable<TestCaseData> EveryVersionAndLength() =>
        from version in ReductionLauncher.Versions
        from n in Lengths
        select new TestCaseData(version, n).SetArgDisplayNames(version.ToString(), $"n={n}");

    [TestCaseSource(nameof(EveryVersionAndLength))]
    public void Equals_the_exact_sum(ReductionVersion version, int n)
    {
        var x = TestData.NonZeroIntegers(n, seed: n);
        var exact = x.Sum(value => (long)value);

        var sum = Launcher.Sum(version, x);

        Assert.That(sum, Is.EqualTo((float)exact));
    }

    [TestCaseSource(typeof(ReductionLauncher), nameof(ReductionLauncher.Versions))]
    public void Sums_only_the_first_n_elements_and_restarts_from_zero(ReductionVersion version)
    {
        // The view is longer than n; and a second launch into the same result must not add to the first.
        var accelerator = CpuAccelerator.Session.Accelerator;
        var x = TestData.NonZeroIntegers(700, seed: 7);
        using var xBuffer = accelerator.Allocate1D(x);
        using var sumBuffer = accelerator.Allocate1D<float>(1);
        var launcher = Launcher;

        launcher.Launch(version, xBuffer.View, sumBuffer.View, 600);
        launcher.Launch(version, xBuffer.View, sumBuffer.View, 600);
        accelerator.Synchronize();

        Assert.That(sumBuffer.GetAsArray1D()[0], Is.EqualTo(x.Take(600).Sum()));
    }

    /// <summary>
    /// The vectorized versions read Float4s from a view that starts on a 16-byte boundary, then a tail of 0–3 floats
    /// (<see cref="Equals_the_exact_sum"/> has tails of 1 and 3): a sub-view 4 floats in is such a view; one float in
    /// is refused on the host rather than read misaligned (a fault on a GPU).
    /// </summary>
    [TestCase(ReductionVersion.Vectorized)]
    [TestCase(ReductionVersion.FourLoadsInFlight)]
    public void Vectorized_versions_take_views_on_16_byte_boundaries_only(ReductionVersion version)
    {
        var accelerator = CpuAccelerator.Session.Accelerator;
        var x = TestData.NonZeroIntegers(4 + 4097, seed: 9);
        using var xBuffer = accelerator.Allocate1D(x);
        using var sumBuffer = accelerator.Allocate1D<float>(1);

        Launcher.Launch(version, xBuffer.View.SubView(4, 4097), sumBuffer.View, 4097);
        accelerator.Synchronize();

        Assert.Multiple(() =>
        {
            Assert.That(sumBuffer.GetAsArray1D()[0], Is.EqualTo(x.Skip(4).Sum()));
            Assert.That(() => Launcher.Launch(version, xBuffer.View.SubView(1, 4097), sumBuffer.View, 4097),
                Throws.ArgumentException.With.Message.Contains("16-byte boundary"));
        });
    }

    [Test]
    public void Grid_stride_versions_launch_no_more_groups_than_the_device_holds()
    {
        var launcher = Launcher;

        var naive = launcher.GridFor(ReductionVersion.AtomicNaive, 100_000);
        var tree = launcher.GridFor(ReductionVersion.SharedMemoryTree, 100_000);

        Assert.Multiple(() =>
        {
            Assert.That(naive.GridDim.Size, Is.EqualTo(391), "naive: one thread an element, ⌈100000/256⌉ groups");
            Assert.That(tree.GridDim.Size, Is.EqualTo(1), "the CPU accelerator holds one group at a time");
        });
    }
}

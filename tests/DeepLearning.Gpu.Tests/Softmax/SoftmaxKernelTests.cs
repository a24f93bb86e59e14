using DeepLearning.Gpu.Lab;
using DeepLearning.Gpu.Softmax;

namespace DeepLearning.Gpu.Tests.Softmax;

/// <summary>Every softmax version against the double-precision reference on the CPU accelerator.</summary>
public sealed class SoftmaxKernelTests
{
    /// <summary>
    /// Relative error allowed an element: float exp is good to a few ulps, and a float sum of up to ~1000
    /// terms adds ~√1000 roundings of 6e-8. A lost or doubled element moves every output of its row by about
    /// 1/columns (≥ 1e-3 here), far above it.
    /// </summary>
    private const double RelativeTolerance = 1e-5;

    /// <summary>
    /// (rows, columns): one element; a column of singletons; fewer columns than a group; across a group (256);
    /// long rows. Few rows: the fused version runs a barrier and 10 shuffles a row, each milliseconds on the CPU.
    /// </summary>
    private static readonly (int Rows, int Columns)[] Shapes = [(1, 1), (9, 1), (3, 5), (12, 64), (5, 257), (7, 300), (2, 1000)];

    private static SoftmaxLauncher Launcher => new(CpuAccelerator.Session.Accelerator);

    private static IEnumerable<TestCaseData> EveryVersionAndShape() =>
        from version in SoftmaxLauncher.Versions
        from shape in Shapes
        select new TestCaseData(version, shape.Rows, shape.Columns).SetArgDisplayNames(version.ToString(), $"{shape.Rows}x{shape.Columns}");

    [TestCaseSource(nameof(EveryVersionAndShape))]
    public void Matches_the_cpu_reference(SoftmaxVersion version, int rows, int columns)
    {
        var x = SeededInputs.Uniform(rows * columns, seed: rows * columns, low: -5, high: 5);

        var y = Launcher.Softmax(version, x, rows, columns);

        AssertClose(y, SoftmaxReference.Softmax(x, rows, columns));
    }

    /// <summary>exp(1000) overflows float (to ∞, and ∞/∞ is NaN); subtracting the row maximum first keeps every exp within (0, 1].</summary>
    [TestCaseSource(typeof(SoftmaxLauncher), nameof(SoftmaxLauncher.Versions))]
    public void Large_inputs_do_not_overflow(SoftmaxVersion version)
    {
        const int rows = 4, columns = 300;
        var x = SeededInputs.Uniform(rows * columns, seed: 11, low: 995, high: 1005);

        var y = Launcher.Softmax(version, x, rows, columns);

        AssertClose(y, SoftmaxReference.Softmax(x, rows, columns));
    }

    /// <summary>A row whose maximum comes last, so the online version rescales its running sum at the very end.</summary>
    [TestCaseSource(typeof(SoftmaxLauncher), nameof(SoftmaxLauncher.Versions))]
    public void Rows_that_increase_give_the_reference_values(SoftmaxVersion version)
    {
        var x = Enumerable.Range(0, 600).Select(j => j / 50f).ToArray();

        var y = Launcher.Softmax(version, x, 1, 600);

        AssertClose(y, SoftmaxReference.Softmax(x, 1, 600));
    }

    /// <summary>
    /// The vectorized versions cut each row into a head of 0–3 floats, Float4s and a tail of 0–3 floats; with 1023
    /// columns the 7 rows start at every offset from a 16-byte boundary, and 4105 columns are more than the 4096
    /// <see cref="SoftmaxVersion.RowInRegisters"/> holds, so its loop over the rest runs. Values far below zero,
    /// 40 apart: only the subtracted maximum keeps them from underflowing to 0.
    /// </summary>
    [TestCaseSource(nameof(VectorizedVersionsAndLongRows))]
    public void Vectorized_versions_take_rows_that_are_no_multiple_of_4(SoftmaxVersion version, int rows, int columns)
    {
        var x = SeededInputs.Uniform(rows * columns, seed: columns, low: -1000, high: -960);

        var y = Launcher.Softmax(version, x, rows, columns);

        AssertClose(y, SoftmaxReference.Softmax(x, rows, columns));
    }

    private static IEnumerable<TestCaseData> VectorizedVersionsAndLongRows() =>
        from version in new[] { SoftmaxVersion.WarpPerRowVectorized, SoftmaxVersion.RowInRegisters }
        from shape in new[] { (Rows: 7, Columns: 1023), (Rows: 2, Columns: 4105) }
        select new TestCaseData(version, shape.Rows, shape.Columns).SetArgDisplayNames(version.ToString(), $"{shape.Rows}x{shape.Columns}");

    /// <summary>A view that starts one float past a 16-byte boundary is refused on the host rather than read misaligned (a fault on a GPU).</summary>
    [TestCase(SoftmaxVersion.WarpPerRowVectorized)]
    [TestCase(SoftmaxVersion.RowInRegisters)]
    public void Vectorized_versions_refuse_views_between_16_byte_boundaries(SoftmaxVersion version)
    {
        var accelerator = CpuAccelerator.Session.Accelerator;
        using var xBuffer = accelerator.Allocate1D<float>(16);
        using var yBuffer = accelerator.Allocate1D<float>(16);

        Assert.That(() => Launcher.Launch(version, xBuffer.View.SubView(1, 15), yBuffer.View, 3, 5),
            Throws.ArgumentException.With.Message.Contains("16-byte boundary"));
    }

    private static void AssertClose(float[] actual, float[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var check = new SoftmaxValidation(expected, RelativeTolerance).Check(actual);
        // The check counts a NaN error as infinite: NUnit orders NaN below every number, so "NaN ≤ tolerance" would pass.
        Assert.That(check.MaxError, Is.LessThanOrEqualTo(check.Tolerance), check.Message);
    }
}

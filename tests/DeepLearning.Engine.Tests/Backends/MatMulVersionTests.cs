using DeepLearning.Backends;
using DeepLearning.Backends.MatMul;

namespace DeepLearning.Tests.Backends;

/// <summary>
/// The five matrix-product versions of chapter 9, each checked against the reference backend on sizes that
/// are not multiples of anything (vector width 8, tile 6×16, blocks 144×256×4096), and the fast version on
/// every layout and batch shape the ops hand it.
/// </summary>
public class MatMulVersionTests
{
    public delegate void RowMajorProduct(float[] a, float[] b, float[] c, int m, int k, int n);

    private static readonly (string Name, RowMajorProduct Multiply)[] Versions =
    [
        ("naive", NaiveMatMul.Multiply),
        ("reordered", ReorderedMatMul.Multiply),
        ("blocked", BlockedMatMul.Multiply),
        ("simd", SimdMatMul.Multiply),
        ("parallel (2 threads)", (a, b, c, m, k, n) => ParallelMatMul.Multiply(a, b, c, m, k, n, threads: 2)),
        ("parallel (3 threads)", (a, b, c, m, k, n) => ParallelMatMul.Multiply(a, b, c, m, k, n, threads: 3)),
    ];

    private static readonly int[][] Sizes = [[1, 1, 1], [7, 13, 5], [6, 16, 16], [37, 53, 29], [150, 300, 70], [13, 600, 290]];

    private static IEnumerable<TestCaseData> VersionsAndSizes() =>
        from version in Versions
        from size in Sizes
        select new TestCaseData(version.Multiply, size[0], size[1], size[2]).SetArgDisplayNames(version.Name, $"{size[0]}x{size[1]}x{size[2]}");

    [TestCaseSource(nameof(VersionsAndSizes))]
    public void AgreesWithTheReference(RowMajorProduct multiply, int m, int k, int n)
    {
        var (a, b) = (Random(m * k, seed: 1), Random(k * n, seed: 2));
        var expected = Reference(StridedMatrix.RowMajor(a, k), StridedMatrix.RowMajor(b, n), m, k, n);
        var actual = Enumerable.Repeat(float.NaN, m * n).ToArray(); // a version that skips an element shows NaN

        multiply(a, b, actual, m, k, n);

        Assert.That(actual, Is.EqualTo(expected).Within(Tolerance(k)));
    }

    [Test]
    public void FastProductReadsTransposedAndOffsetOperands([Values] bool transposeA, [Values] bool transposeB, [Values] bool accumulate)
    {
        const int m = 23, k = 300, n = 41, offset = 5;
        // Each operand lies at an offset inside a bigger array, stored row-major or as its transpose.
        var aData = Random(offset + m * k, seed: 3);
        var bData = Random(offset + k * n, seed: 4);
        var a = transposeA ? StridedMatrix.RowMajor(aData, m, offset).Transposed : StridedMatrix.RowMajor(aData, k, offset);
        var b = transposeB ? StridedMatrix.RowMajor(bData, k, offset).Transposed : StridedMatrix.RowMajor(bData, n, offset);
        var start = Random(m * n, seed: 5);
        var expected = Reference(a, b, m, k, n);
        if (accumulate)
        {
            expected = expected.Select((value, i) => value + start[i]).ToArray();
        }
        var c = (float[])start.Clone();

        ParallelMatMul.Multiply(a, b, StridedMatrix.RowMajor(c, n), m, k, n, accumulate, threads: 2);

        Assert.That(c, Is.EqualTo(expected).Within(Tolerance(k)));
    }

    [Test]
    public void BatchWhoseProductsAddIntoOneTargetMatchesTheReference([Values(1, 2, 3)] int threads)
    {
        // Nine products into three targets (t mod 3), as a weight gradient summed over a broadcast batch.
        const int m = 8, k = 19, n = 21, count = 9;
        var a = new MatrixBatch(Random(count * m * k, seed: 6), [.. Enumerable.Range(0, count).Select(t => t * m * k)], k, 1);
        var b = new MatrixBatch(Random(count * k * n, seed: 7), [.. Enumerable.Range(0, count).Select(t => t * k * n)], n, 1);
        var targets = new MatrixBatch(new float[3 * m * n], [.. Enumerable.Range(0, count).Select(t => t % 3 * m * n)], n, 1);
        var expected = new MatrixBatch(new float[3 * m * n], targets.Offsets, n, 1);

        new ReferenceBackend().MatMul(a, b, expected, m, k, n, accumulate: true);
        new FastCpuBackend(threads).MatMul(a, b, targets, m, k, n, accumulate: true);

        Assert.That(targets.Data, Is.EqualTo(expected.Data).Within(Tolerance(3 * k)));
    }

    [Test]
    public void ManySmallProductsAreSpreadOverThreads()
    {
        const int m = 5, k = 7, n = 9, count = 64;
        var a = new MatrixBatch(Random(m * k, seed: 8), new int[count], k, 1); // one A, broadcast to every product
        var b = new MatrixBatch(Random(count * k * n, seed: 9), [.. Enumerable.Range(0, count).Select(t => t * k * n)], n, 1);
        var offsets = Enumerable.Range(0, count).Select(t => t * m * n).ToArray();
        var expected = new MatrixBatch(new float[count * m * n], offsets, n, 1);
        var actual = new MatrixBatch(new float[count * m * n], offsets, n, 1);

        new ReferenceBackend().MatMul(a, b, expected, m, k, n, accumulate: false);
        new FastCpuBackend(threads: 2).MatMul(a, b, actual, m, k, n, accumulate: false);

        Assert.That(actual.Data, Is.EqualTo(expected.Data).Within(Tolerance(k)));
    }

    [Test]
    public void AnEmptyInnerDimensionGivesZeros()
    {
        var c = Enumerable.Repeat(1f, 6).ToArray();

        SimdMatMul.Multiply([], [], c, 2, 0, 3);

        Assert.That(c, Is.All.Zero);
    }

    /// <summary>Sums of k products of values in [-1, 1) in a different order: the rounding grows with k.</summary>
    private static double Tolerance(int k) => 1e-5 * k + 1e-5;

    private static float[] Reference(StridedMatrix a, StridedMatrix b, int m, int k, int n)
    {
        var c = new float[m * n];
        new ReferenceBackend().MatMul(new MatrixBatch(a.Data, [a.Offset], a.RowStride, a.ColumnStride),
            new MatrixBatch(b.Data, [b.Offset], b.RowStride, b.ColumnStride), MatrixBatch.RowMajor(c, n), m, k, n, accumulate: false);
        return c;
    }

    private static float[] Random(int count, ulong seed)
    {
        var generator = new Generator(seed);
        return Enumerable.Range(0, count).Select(_ => generator.NextFloat() * 2 - 1).ToArray();
    }
}

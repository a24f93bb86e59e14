using DeepLearning.Gpu.Backend;
using DeepLearning.Backends;
using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>
/// MatMul on the GPU backend against the reference, on whole-number operands (exact in float whatever the
/// order of the additions): transposed operands, batches with even and uneven offsets, a repeated operand,
/// accumulation, several products into one C.
/// </summary>
[TestFixtureSource(typeof(OnBothLaunchPlans), nameof(OnBothLaunchPlans.Plans))]
public sealed class MatMulTests(LaunchPlan plan) : OnBothLaunchPlans(plan)
{
    [TestCase(1, 1, 1)]
    [TestCase(5, 7, 3)]
    [TestCase(65, 17, 70)]
    [TestCase(3, 0, 4)]
    [TestCase(0, 3, 4)]
    public void One_product_in_each_orientation(int m, int k, int n)
    {
        foreach (var (transposeA, transposeB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var a = Matrices(1, m, k, transposeA, seed: 20);
            var b = Matrices(1, k, n, transposeB, seed: 21);
            var c = Matrices(1, m, n, transposed: false, seed: 22);

            Compare(a, b, c, m, k, n, accumulate: false, $"Aᵀ {transposeA}, Bᵀ {transposeB}");
        }
    }

    [TestCase(36, 20, 44, false)]
    [TestCase(37, 21, 45, false)]
    [TestCase(128, 96, 96, true)]
    public void A_single_product_runs_on_the_kernel_labs_kernel_on_a_gpu(int m, int k, int n, bool bigEnoughToCopy)
    {
        var backend = (GpuBackend)GpuLoops;
        foreach (var (transposeA, transposeB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var (a, b, c) = (Matrices(1, m, k, transposeA, seed: 41), Matrices(1, k, n, transposeB, seed: 42), Matrices(1, m, n, false, seed: 43));
            var before = backend.LabProducts;

            Compare(a, b, c, m, k, n, accumulate: false, $"Aᵀ {transposeA}, Bᵀ {transposeB}");

            // Row-major operands always, transposed ones copied dense when the product is big enough; never on the CPU accelerator's plan.
            var expected = Plan.GroupsCooperate && (bigEnoughToCopy || !(transposeA || transposeB)) ? 1 : 0;
            Assert.That(backend.LabProducts - before, Is.EqualTo(expected), $"products on the lab's kernel, Aᵀ {transposeA}, Bᵀ {transposeB}");
        }
    }

    [Test]
    public void Accumulate_adds_to_c()
    {
        var (a, b, c) = (Matrices(1, 5, 18, true, 38), Matrices(1, 18, 4, false, 39), Matrices(1, 5, 4, true, 40));

        Compare(a, b, c, 5, 18, 4, accumulate: true);
    }

    [Test]
    public void A_batch_with_evenly_spaced_offsets()
    {
        var (a, b, c) = (Matrices(3, 9, 6, false, 23), Matrices(3, 6, 11, true, 24), Matrices(3, 9, 11, false, 25));

        Compare(a, b, c, 9, 6, 11, accumulate: false);
    }

    [Test]
    public void A_batch_that_repeats_one_a_with_stride_zero()
    {
        var a = Matrices(1, 9, 6, false, 26) with { Offsets = [0, 0, 0, 0] };
        var (b, c) = (Matrices(4, 6, 5, false, 27), Matrices(4, 9, 5, true, 28));

        Compare(a, b, c, 9, 6, 5, accumulate: false);
    }

    [Test]
    public void A_batch_with_uneven_offsets_uploads_a_table()
    {
        var a = Matrices(3, 4, 5, false, 29) with { Offsets = [40, 0, 20] };
        var b = Matrices(3, 5, 6, true, 30) with { Offsets = [0, 60, 30] };
        var c = Matrices(3, 4, 6, false, 31) with { Offsets = [48, 0, 24] };
        var before = TestDevice.Transfers.ToDevice;

        Compare(a, b, c, 4, 5, 6, accumulate: true);

        Assert.That(TestDevice.Transfers.ToDevice - before, Is.EqualTo(4), "a, b, c and the one offset table");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Several_products_into_one_c(bool accumulate)
    {
        var (a, b) = (Matrices(5, 7, 3, true, 32), Matrices(5, 3, 9, false, 33));
        var c = Matrices(1, 7, 9, false, 34) with { Offsets = [0, 0, 0, 0, 0] };

        Compare(a, b, c, 7, 3, 9, accumulate);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Products_at_uneven_offsets_into_one_c(bool accumulate)
    {
        // On the GPU plan the seven products run as two runs (4 and 3) into partial Cs, added after.
        var a = Matrices(7, 9, 5, false, 44) with { Offsets = [90, 0, 45, 270, 135, 180, 225] };
        var b = Matrices(7, 5, 11, true, 45) with { Offsets = [0, 110, 55, 165, 220, 330, 275] };
        var c = Matrices(1, 9, 11, true, 46) with { Offsets = [0, 0, 0, 0, 0, 0, 0] };

        Compare(a, b, c, 9, 5, 11, accumulate);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Some_products_share_a_c_and_others_do_not(bool accumulate)
    {
        var (a, b) = (Matrices(4, 3, 4, false, 35), Matrices(4, 4, 2, false, 36));
        var c = Matrices(2, 3, 2, false, 37) with { Offsets = [6, 0, 6, 6] };

        Compare(a, b, c, 3, 4, 2, accumulate);
    }

    /// <summary><paramref name="count"/> matrices (rows × columns) back to back, row-major or transposed, of whole numbers.</summary>
    private static MatrixBatch Matrices(int count, int rows, int columns, bool transposed, int seed)
    {
        var data = TestData.NonZeroIntegers(Math.Max(1, count * rows * columns), seed);
        var offsets = Enumerable.Range(0, count).Select(t => t * rows * columns).ToArray();
        return transposed ? new MatrixBatch(data, offsets, 1, rows) : new MatrixBatch(data, offsets, columns, 1);
    }

    private void Compare(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, bool accumulate, string what = "")
    {
        var expected = c with { Data = (float[])c.Data.Clone() };
        var onDevice = (A: a with { Data = ToDevice(a.Data) }, B: b with { Data = ToDevice(b.Data) }, C: c with { Data = ToDevice(c.Data) });

        ReferenceLoops.MatMul(a, b, expected, m, k, n, accumulate);
        GpuLoops.MatMul(onDevice.A, onDevice.B, onDevice.C, m, k, n, accumulate);

        Views.AssertClose(ToHost(onDevice.C.Data), expected.Data, tolerance: 0, what);
    }
}

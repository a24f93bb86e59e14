using DeepLearning.Gpu.Backend;
using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>Argmax and softmax of rows on the GPU backend against the reference.</summary>
[TestFixtureSource(typeof(OnBothLaunchPlans), nameof(OnBothLaunchPlans.Plans))]
public sealed class RowTests(LaunchPlan plan) : OnBothLaunchPlans(plan)
{
    [TestCase(1, 1)]
    [TestCase(7, 10)]
    [TestCase(33, 45)]
    [TestCase(3, 1500)]
    [TestCase(0, 5)]
    public void Argmax_matches_the_reference(int rows, int columns)
    {
        var random = new Random(60);
        // Few distinct values, so that rows tie.
        var x = Enumerable.Range(0, rows * columns).Select(_ => (float)random.Next(-3, 4)).ToArray();
        var (indices, gpuIndices) = (new float[rows], ToDevice(new float[rows]));

        ReferenceLoops.ArgMaxRows(x, rows, columns, indices);
        GpuLoops.ArgMaxRows(ToDevice(x), rows, columns, gpuIndices);

        Assert.That(ToHost(gpuIndices), Is.EqualTo(indices));
    }

    [Test]
    public void Argmax_treats_nan_as_never_larger()
    {
        float[] x =
        [
            float.NaN, 5, 7, 7,
            1, float.NaN, 3, 3,
            2, 2, float.NaN, float.NaN,
            float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NaN,
            float.NaN, float.NaN, float.NaN, float.NaN,
        ];
        var (indices, gpuIndices) = (new float[5], ToDevice(new float[5]));

        ReferenceLoops.ArgMaxRows(x, 5, 4, indices);
        GpuLoops.ArgMaxRows(ToDevice(x), 5, 4, gpuIndices);

        Assert.That(ToHost(gpuIndices), Is.EqualTo(indices));
    }

    [TestCase(1, 1, false)]
    [TestCase(9, 10, false)]
    [TestCase(9, 10, true)]
    [TestCase(20, 300, true)]
    [TestCase(3, 1500, false)]
    [TestCase(3, 1500, true)]
    [TestCase(0, 4, false)]
    public void Softmax_matches_the_reference(int rows, int columns, bool logarithm)
    {
        var x = Views.Values(rows * columns, new Random(61)).Select(v => 4 * v).ToArray();
        var (y, gpuY) = (new float[x.Length], ToDevice(new float[x.Length]));

        ReferenceLoops.SoftmaxRows(x, y, rows, columns, logarithm);
        GpuLoops.SoftmaxRows(ToDevice(x), gpuY, rows, columns, logarithm);

        Views.AssertClose(ToHost(gpuY), y, tolerance: 2e-6f);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Softmax_is_stable_for_large_values_and_a_row_of_minus_infinity(bool logarithm)
    {
        const float ninf = float.NegativeInfinity;
        float[] x =
        [
            1000, 999, -1000, 0, 998,
            -1000, -999, -1001, -1000, -1000,
            ninf, ninf, 3, ninf, ninf,
            ninf, ninf, ninf, ninf, 0,
        ];
        var (y, gpuY) = (new float[x.Length], ToDevice(new float[x.Length]));

        HostReference(x, y, logarithm);
        GpuLoops.SoftmaxRows(ToDevice(x), gpuY, 4, 5, logarithm);

        Views.AssertClose(ToHost(gpuY), y, tolerance: 2e-6f);
    }

    private static void HostReference(float[] x, float[] y, bool logarithm) => ReferenceLoops.SoftmaxRows(x, y, 4, 5, logarithm);
}

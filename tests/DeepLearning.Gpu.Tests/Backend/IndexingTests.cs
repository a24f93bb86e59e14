using DeepLearning.Backends;
using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>Gather and scatter-add along an axis on the GPU backend against the reference.</summary>
public sealed class IndexingTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from c in new (int[] Shape, int Axis, Layout Layout)[]
        {
            ([5, 7], 0, Layout.Contiguous),
            ([5, 7], 1, Layout.Contiguous),
            ([5, 7], 1, Layout.Transposed),
            ([4, 3, 6], 1, Layout.Strided),
            ([4, 3, 6], 0, Layout.Broadcast),
            ([300, 10], 1, Layout.Contiguous),
            ([9], 0, Layout.Strided),
            ([0, 4], 1, Layout.Contiguous),
        }
        select new TestCaseData(c.Shape, c.Axis, c.Layout).SetArgDisplayNames(Shapes.Format(c.Shape), $"axis {c.Axis}", c.Layout.ToString());

    [TestCaseSource(nameof(Cases))]
    public void Gather_and_scatter_add_match_the_reference(int[] shape, int axis, Layout layout)
    {
        var random = new Random(50);
        var x = Views.Make(shape, layout, random);
        var picked = (int[])shape.Clone();
        picked[axis] = 1;
        var indices = Enumerable.Range(0, Shapes.ElementCount(picked)).Select(_ => random.Next(shape[axis])).ToArray();
        var (y, gpuY) = (new float[indices.Length], ToDevice(new float[indices.Length]));
        var uploads = TestDevice.Transfers.ToDevice;

        ReferenceLoops.Gather(x, axis, indices, y);
        var onDevice = ToDevice(x);
        GpuLoops.Gather(onDevice, axis, indices, gpuY);
        Views.AssertClose(ToHost(gpuY), y, tolerance: 0, what: "gather");
        Assert.That(TestDevice.Transfers.ToDevice - uploads, Is.EqualTo(indices.Length == 0 ? 1 : 2), "x, then the indices");

        var upstream = Views.Values(indices.Length, random);
        var gradient = Views.Values(Shapes.ElementCount(shape) + 2, random);
        var gpuGradient = ToDevice(gradient);
        ReferenceLoops.ScatterAdd(upstream, shape, axis, indices, gradient);
        GpuLoops.ScatterAdd(ToDevice(upstream), shape, axis, indices, gpuGradient);
        Views.AssertClose(ToHost(gpuGradient), gradient, tolerance: 0, what: "scatter-add");
    }

    [Test]
    public void Scatter_add_zeroes_every_element_that_nothing_lands_on()
    {
        // Along axis 0 of a (3, 2) gradient, each column receives one value, at the row its index names.
        int[] shape = [3, 2];
        int[] indices = [2, 2];
        float[] upstream = [1.5f, -2f];
        var (gradient, gpuGradient) = (new float[6], ToDevice(Enumerable.Repeat(9f, 6).ToArray()));

        ReferenceLoops.ScatterAdd(upstream, shape, 0, indices, gradient);
        GpuLoops.ScatterAdd(ToDevice(upstream), shape, 0, indices, gpuGradient);

        Assert.That(ToHost(gpuGradient), Is.EqualTo(gradient));
    }
}

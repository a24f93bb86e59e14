using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>Im2col, col2im and max pooling on the GPU backend against the reference.</summary>
public sealed class ImageTests
{
    public static IEnumerable<TestCaseData> Convolutions() =>
        from c in new (int[] Shape, int Kernel, int Stride, int Padding)[]
        {
            ([1, 1, 5, 5], 3, 1, 0),
            ([2, 3, 7, 6], 3, 2, 1),
            ([2, 2, 8, 8], 5, 3, 2),
            ([1, 3, 4, 4], 1, 1, 0),
            ([3, 1, 6, 9], 2, 2, 0),
        }
        select new TestCaseData(c.Shape, c.Kernel, c.Stride, c.Padding)
            .SetArgDisplayNames(Shapes.Format(c.Shape), $"k{c.Kernel}", $"s{c.Stride}", $"p{c.Padding}");

    public static IEnumerable<TestCaseData> Poolings() =>
        from c in new (int[] Shape, int Kernel, int Stride)[]
        {
            ([1, 1, 4, 4], 2, 2),
            ([2, 3, 7, 7], 3, 2),
            ([1, 2, 6, 5], 3, 1),
            ([2, 1, 9, 8], 4, 3),
        }
        select new TestCaseData(c.Shape, c.Kernel, c.Stride).SetArgDisplayNames(Shapes.Format(c.Shape), $"k{c.Kernel}", $"s{c.Stride}");

    [TestCaseSource(nameof(Convolutions))]
    public void Im2col_and_col2im_match_the_reference(int[] shape, int kernel, int stride, int padding)
    {
        var g = ConvolutionGeometry.Create("test", shape, kernel, kernel, stride, padding);
        var random = new Random(40);
        var images = Views.Values(Shapes.ElementCount(shape), random);
        var columns = Views.Values(g.Batch * g.Rows * g.Length, random);
        var (gpuImages, gpuColumns) = (ToDevice(images), ToDevice(columns));

        ReferenceLoops.Im2Col(images, columns, g);
        GpuLoops.Im2Col(gpuImages, gpuColumns, g);
        Views.AssertClose(ToHost(gpuColumns), columns, what: "im2col");

        var upstream = Views.Values(columns.Length, random);
        ReferenceLoops.Col2Im(upstream, images, g);
        GpuLoops.Col2Im(ToDevice(upstream), gpuImages, g);
        Views.AssertClose(ToHost(gpuImages), images, tolerance: 0, what: "col2im");
    }

    [TestCaseSource(nameof(Poolings))]
    public void Max_pooling_and_its_backward_match_the_reference(int[] shape, int kernel, int stride)
    {
        var g = ConvolutionGeometry.Create("test", shape, kernel, kernel, stride, 0);
        var random = new Random(41);
        // Few distinct values, so that windows tie; a NaN and a -inf among them.
        var images = Enumerable.Range(0, Shapes.ElementCount(shape)).Select(_ => (float)random.Next(-2, 3)).ToArray();
        images[3] = float.NaN;
        images[^2] = float.NegativeInfinity;
        var windows = g.Batch * g.Channels * g.Length;
        var (output, winners) = (new float[windows], new int[windows]);
        var (gpuOutput, gpuWinners) = (ToDevice(output), new int[windows]);

        ReferenceLoops.MaxPool2d(images, g, output, winners);
        GpuLoops.MaxPool2d(ToDevice(images), g, gpuOutput, gpuWinners);
        Views.AssertClose(ToHost(gpuOutput), output, tolerance: 0, what: "pooled");

        var upstream = Views.Values(windows, random);
        var gradient = Views.Values(images.Length, random);
        var gpuGradient = ToDevice(gradient);
        ReferenceLoops.MaxPool2dBackward(upstream, winners, g, gradient);
        GpuLoops.MaxPool2dBackward(ToDevice(upstream), gpuWinners, g, gpuGradient);
        Views.AssertClose(ToHost(gpuGradient), gradient, tolerance: 0, what: "gradient (the winners agree)");
    }

    [Test]
    public void The_pooling_backward_needs_winners_from_the_device()
    {
        var g = ConvolutionGeometry.Create("test", [1, 1, 4, 4], 2, 2, 2, 0);

        Assert.That(() => GpuLoops.MaxPool2dBackward(ToDevice(new float[4]), new int[4], g, ToDevice(new float[16])),
            Throws.InvalidOperationException.With.Message.Contains("winners"));
    }
}

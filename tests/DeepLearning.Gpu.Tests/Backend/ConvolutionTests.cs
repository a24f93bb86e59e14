using DeepLearning.Backends;
using DeepLearning.Gpu.Backend;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>
/// The GPU backend's convolution (implicit products, no im2col matrix) against the definition written out as
/// loops here, on whole-number values, so that every sum is exact in float whatever the order of its additions
/// and the results must be equal. The last geometry's weight gradient (K = N·L = 1,152) is split among groups
/// on the GPU plan, and its splits added after.
/// </summary>
[TestFixtureSource(typeof(OnBothLaunchPlans), nameof(OnBothLaunchPlans.Plans))]
public sealed class ConvolutionTests(LaunchPlan plan) : OnBothLaunchPlans(plan)
{
    public static IEnumerable<TestCaseData> Geometries() =>
        from c in new (int[] Shape, int OutChannels, int KernelHeight, int KernelWidth, int Stride, int Padding)[]
        {
            ([1, 1, 5, 5], 1, 3, 3, 1, 0),
            ([2, 3, 7, 6], 4, 3, 3, 2, 1),
            ([2, 2, 8, 8], 3, 5, 5, 3, 2),
            ([1, 3, 4, 4], 2, 1, 1, 1, 0),
            ([3, 1, 6, 9], 2, 2, 3, 2, 0),
            ([1, 2, 3, 3], 70, 3, 3, 1, 1),
            ([2, 3, 24, 24], 4, 3, 3, 1, 1),
        }
        select new TestCaseData(c.Shape, c.OutChannels, c.KernelHeight, c.KernelWidth, c.Stride, c.Padding)
            .SetArgDisplayNames(Shapes.Format(c.Shape), $"o{c.OutChannels}", $"k{c.KernelHeight}x{c.KernelWidth}", $"s{c.Stride}", $"p{c.Padding}");

    private IConvolutionBackend Convolution => (IConvolutionBackend)GpuLoops;

    [TestCaseSource(nameof(Geometries))]
    public void Forward_and_backward_equal_the_definition(int[] shape, int outChannels, int kernelHeight, int kernelWidth, int stride, int padding)
    {
        var g = ConvolutionGeometry.Create("test", shape, kernelHeight, kernelWidth, stride, padding);
        var random = new Random(42);
        var images = WholeNumbers(Shapes.ElementCount(shape), random);
        var weight = WholeNumbers(outChannels * g.Rows, random);
        var bias = WholeNumbers(outChannels, random);
        var upstream = WholeNumbers(g.Batch * outChannels * g.Length, random);
        var expected = new Definition(g, outChannels, images, weight);

        var output = ToDevice(new float[upstream.Length]);
        Convolution.Convolve(ToDevice(images), ToDevice(weight), ToDevice(bias), output, g, outChannels);
        Views.AssertClose(ToHost(output), expected.Output(bias), tolerance: 0, what: "output");

        var (imagesGrad, weightGrad, biasGrad) = (ToDevice(new float[images.Length]), ToDevice(new float[weight.Length]), ToDevice(new float[outChannels]));
        Convolution.ConvolveBackward(ToDevice(images), ToDevice(weight), ToDevice(upstream), imagesGrad, weightGrad, biasGrad, g, outChannels);
        Views.AssertClose(ToHost(imagesGrad), expected.ImagesGrad(upstream), tolerance: 0, what: "images' gradient");
        Views.AssertClose(ToHost(weightGrad), expected.WeightGrad(upstream), tolerance: 0, what: "weight's gradient");
        Views.AssertClose(ToHost(biasGrad), expected.BiasGrad(upstream), tolerance: 0, what: "bias's gradient");
    }

    [Test]
    public void Without_bias_or_an_images_gradient_it_writes_only_what_is_asked()
    {
        var g = ConvolutionGeometry.Create("test", [2, 2, 5, 5], 3, 3, 1, 1);
        var random = new Random(43);
        var (images, weight) = (WholeNumbers(100, random), WholeNumbers(3 * g.Rows, random));
        var upstream = WholeNumbers(g.Batch * 3 * g.Length, random);
        var expected = new Definition(g, 3, images, weight);
        var output = ToDevice(WholeNumbers(upstream.Length, random));

        Convolution.Convolve(ToDevice(images), ToDevice(weight), null, output, g, 3);
        var weightGrad = ToDevice(WholeNumbers(weight.Length, random));
        Convolution.ConvolveBackward(ToDevice(images), ToDevice(weight), ToDevice(upstream), null, weightGrad, null, g, 3);

        Views.AssertClose(ToHost(output), expected.Output(new float[3]), tolerance: 0, what: "output without bias (overwritten)");
        Views.AssertClose(ToHost(weightGrad), expected.WeightGrad(upstream), tolerance: 0, what: "weight's gradient (overwritten)");
    }

    /// <summary>Integers in [-3, 3]: products and sums of a few thousand of them are exact in float.</summary>
    private static float[] WholeNumbers(int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => (float)random.Next(-3, 4)).ToArray();

    /// <summary>The convolution and its gradients as the sums they are defined by, one element at a time.</summary>
    private sealed class Definition(ConvolutionGeometry g, int outChannels, float[] images, float[] weight)
    {
        public float[] Output(float[] bias)
        {
            var output = new float[g.Batch * outChannels * g.Length];
            ForEachTap((n, o, position, imageIndex, weightIndex) => output[OutputIndex(n, o, position)] += images[imageIndex] * weight[weightIndex]);
            for (var e = 0; e < output.Length; e++)
            {
                output[e] += bias[e / g.Length % outChannels];
            }
            return output;
        }

        public float[] ImagesGrad(float[] upstream)
        {
            var grad = new float[images.Length];
            ForEachTap((n, o, position, imageIndex, weightIndex) => grad[imageIndex] += weight[weightIndex] * upstream[OutputIndex(n, o, position)]);
            return grad;
        }

        public float[] WeightGrad(float[] upstream)
        {
            var grad = new float[weight.Length];
            ForEachTap((n, o, position, imageIndex, weightIndex) => grad[weightIndex] += images[imageIndex] * upstream[OutputIndex(n, o, position)]);
            return grad;
        }

        public float[] BiasGrad(float[] upstream)
        {
            var grad = new float[outChannels];
            for (var e = 0; e < upstream.Length; e++)
            {
                grad[e / g.Length % outChannels] += upstream[e];
            }
            return grad;
        }

        private int OutputIndex(int n, int o, int position) => (n * outChannels + o) * g.Length + position;

        /// <summary>Every (output element, tap) pair that reads a pixel inside the image, with the pixel's and the weight's index.</summary>
        private void ForEachTap(Action<int, int, int, int, int> visit)
        {
            for (var n = 0; n < g.Batch; n++)
            for (var o = 0; o < outChannels; o++)
            for (var position = 0; position < g.Length; position++)
            for (var c = 0; c < g.Channels; c++)
            for (var i = 0; i < g.KernelHeight; i++)
            for (var j = 0; j < g.KernelWidth; j++)
            {
                var y = position / g.OutWidth * g.Stride - g.Padding + i;
                var x = position % g.OutWidth * g.Stride - g.Padding + j;
                if (y >= 0 && y < g.Height && x >= 0 && x < g.Width)
                {
                    visit(n, o, position, ((n * g.Channels + c) * g.Height + y) * g.Width + x, ((o * g.Channels + c) * g.KernelHeight + i) * g.KernelWidth + j);
                }
            }
        }
    }
}

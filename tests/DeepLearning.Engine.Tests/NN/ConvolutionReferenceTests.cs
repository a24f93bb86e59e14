using DeepLearning.Backends;
using DeepLearning.NN;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// Conv2d and the pooling layers against the definitions written as plain nested loops, on both backends.
/// The engine computes them as im2col plus a matrix product or a reduction; the loops below share none of
/// that code, so an index slip in either shows up as a difference.
/// </summary>
public class ConvolutionReferenceTests
{
    public enum BackendChoice { Reference, FastCpu }

    private const float Tolerance = 1e-4f;

    private static IBackend Pick(BackendChoice backend) => backend == BackendChoice.Reference ? Backend.Reference : Backend.FastCpu;

    /// <summary>
    /// y[n,o,oy,ox] = b[o] + Σ_{c,i,j} W[o,c,i,j] · x[n,c, oy·s - p + i, ox·s - p + j], taps outside the
    /// image reading 0. Also returns dL/dx, dL/dW and dL/db for L = Σ y · R: each tap that reads x[...]
    /// with weight W[...] passes R·W to the pixel and R·x to the weight.
    /// </summary>
    private static (float[] Output, float[] InputGrad, float[] WeightGrad, float[] BiasGrad) DirectConvolution(
        Tensor x, Tensor w, Tensor b, Tensor r, int stride, int padding)
    {
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), wd = x.Size(3), o = w.Size(0), k = w.Size(2);
        int outH = (h + 2 * padding - k) / stride + 1, outW = (wd + 2 * padding - k) / stride + 1;
        var y = new float[n * o * outH * outW];
        var dx = new float[x.ElementCount];
        var dw = new float[w.ElementCount];
        var db = new float[o];
        var upstream = r.ToArray();
        for (var batch = 0; batch < n; batch++)
        for (var filter = 0; filter < o; filter++)
        for (var oy = 0; oy < outH; oy++)
        for (var ox = 0; ox < outW; ox++)
        {
            var at = ((batch * o + filter) * outH + oy) * outW + ox;
            double sum = b[filter];
            db[filter] += upstream[at];
            for (var channel = 0; channel < c; channel++)
            for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                int iy = oy * stride - padding + i, ix = ox * stride - padding + j;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd)
                {
                    continue; // zero padding: contributes nothing, receives nothing
                }
                sum += w[filter, channel, i, j] * x[batch, channel, iy, ix];
                dx[((batch * c + channel) * h + iy) * wd + ix] += upstream[at] * w[filter, channel, i, j];
                dw[((filter * c + channel) * k + i) * k + j] += upstream[at] * x[batch, channel, iy, ix];
            }
            y[at] = (float)sum;
        }
        return (y, dx, dw, db);
    }

    [Test]
    public void Conv2dMatchesTheNestedLoops([Values(1, 2)] int stride, [Values(0, 1)] int padding, [Values] BackendChoice backend)
    {
        // 5×7 images: odd and non-square, so stride 2 leaves a remainder and height and width cannot be swapped.
        var generators = new TensorGenerators(20);
        var images = generators.Create([2, 2, 5, 7]);
        var convolution = new Conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, new Generator(20), stride, padding);
        var weights = convolution.Weight;
        var bias = convolution.Bias!;

        Tensor output;
        using (Device.Cpu.UseBackend(Pick(backend)))
        {
            images.RequiresGrad = true;
            output = convolution.Forward(images);
            var upstream = new TensorGenerators(21).Create(output.Shape);
            output.Backward(upstream);

            var expected = DirectConvolution(images, weights, bias, upstream, stride, padding);
            Assert.That(output.Shape, Is.EqualTo(new[] { 2, 3, (5 + 2 * padding - 3) / stride + 1, (7 + 2 * padding - 3) / stride + 1 }));
            Assert.That(output.ToArray(), Is.EqualTo(expected.Output).Within(Tolerance));
            Assert.That(images.Grad!.ToArray(), Is.EqualTo(expected.InputGrad).Within(Tolerance));
            Assert.That(weights.Grad!.ToArray(), Is.EqualTo(expected.WeightGrad).Within(Tolerance));
            Assert.That(bias.Grad!.ToArray(), Is.EqualTo(expected.BiasGrad).Within(Tolerance));
        }
    }

    /// <summary>
    /// The fast backend's convolution (one image at a time, its columns never materialised) against the
    /// definition it replaces, im2col and one matrix product, on the same backend: images, geometry and
    /// thread counts chosen so that the runs of images dealt to the threads are uneven.
    /// </summary>
    [TestCase(5, 3, 4, 6, 7, 3, 3, 1, 1, true, true, 2)]
    [TestCase(5, 3, 4, 6, 7, 3, 3, 1, 1, true, true, 3)]
    [TestCase(3, 2, 5, 9, 8, 5, 3, 2, 2, true, false, 2)]   // non-square kernel, stride 2, padding wider than needed
    [TestCase(4, 1, 2, 5, 5, 1, 1, 1, 0, false, true, 2)]   // 1×1 kernel, no bias
    [TestCase(1, 4, 3, 4, 6, 2, 2, 3, 0, true, true, 1)]    // one image, stride larger than the kernel
    [TestCase(7, 2, 3, 28, 28, 3, 3, 1, 1, true, true, 2)]  // the "same"-padding shortcut of im2col
    public void FusedConvolutionMatchesIm2ColAndOneProduct(
        int batch, int inChannels, int outChannels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding,
        bool withBias, bool imagesNeedGradient, int threads)
    {
        var generators = new TensorGenerators(30);
        var images = generators.Create([batch, inChannels, height, width]);
        var weight = generators.Create([outChannels, inChannels, kernelHeight, kernelWidth]);
        var bias = withBias ? generators.Create([outChannels]) : null;
        var fast = new FastCpuBackend(threads);
        using (Device.Cpu.UseBackend(fast))
        {
            var fused = Convolve(images, weight, bias, stride, padding, imagesNeedGradient, byIm2Col: false);
            var definition = Convolve(images, weight, bias, stride, padding, imagesNeedGradient, byIm2Col: true);
            for (var part = 0; part < fused.Length; part++)
            {
                Assert.That(fused[part], Is.EqualTo(definition[part]).Within(1e-4f), $"part {part} (output, dW, db, dx)");
            }
        }
    }

    private static float[][] Convolve(Tensor images, Tensor weight, Tensor? bias, int stride, int padding, bool imagesNeedGradient, bool byIm2Col)
    {
        var x = images.Detach();
        x.RequiresGrad = imagesNeedGradient;
        var w = weight.Detach().RequireGrad();
        var b = bias?.Detach().RequireGrad();
        var output = byIm2Col ? x.Conv2dByIm2Col(w, b, stride, padding) : x.Conv2d(w, b, stride, padding);
        output.Backward(new TensorGenerators(31).Create(output.Shape));
        return [output.ToArray(), w.Grad!.ToArray(), b?.Grad!.ToArray() ?? [], x.Grad?.ToArray() ?? []];
    }

    [Test]
    public void Conv2dNamesTheShapesThatDoNotFit()
    {
        var images = Tensor.Zeros(2, 3, 8, 8);
        var error = Assert.Throws<ArgumentException>(() => images.Conv2d(Tensor.Zeros(4, 2, 3, 3)));
        Assert.That(error!.Message, Does.Contain("(2,3,8,8)").And.Contain("(4,2,3,3)"));
        error = Assert.Throws<ArgumentException>(() => images.Conv2d(Tensor.Zeros(4, 3, 3, 3), Tensor.Zeros(5)));
        Assert.That(error!.Message, Does.Contain("bias (5)").And.Contain("expected (4)"));
    }

    /// <summary>
    /// The maximum (or the mean, padding counted as zeros) of each k×k window, read from the image directly,
    /// with dL/dx for L = Σ y · R: max passes R to the window's largest pixel, mean passes R/k² to every tap.
    /// </summary>
    private static (float[] Output, float[] InputGrad) DirectPooling(Tensor x, Tensor r, int k, int stride, int padding, bool max)
    {
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        int outH = (h + 2 * padding - k) / stride + 1, outW = (w + 2 * padding - k) / stride + 1;
        var y = new float[n * c * outH * outW];
        var dx = new float[x.ElementCount];
        var upstream = r.ToArray();
        for (var batch = 0; batch < n; batch++)
        for (var channel = 0; channel < c; channel++)
        for (var oy = 0; oy < outH; oy++)
        for (var ox = 0; ox < outW; ox++)
        {
            var at = ((batch * c + channel) * outH + oy) * outW + ox;
            var best = float.NegativeInfinity;
            var bestPixel = -1;
            double sum = 0;
            for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                int iy = oy * stride - padding + i, ix = ox * stride - padding + j;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                {
                    continue;
                }
                var pixel = ((batch * c + channel) * h + iy) * w + ix;
                sum += x[batch, channel, iy, ix];
                if (x[batch, channel, iy, ix] > best)
                {
                    (best, bestPixel) = (x[batch, channel, iy, ix], pixel);
                }
                if (!max)
                {
                    dx[pixel] += upstream[at] / (k * k);
                }
            }
            y[at] = max ? best : (float)(sum / (k * k));
            if (max)
            {
                dx[bestPixel] += upstream[at];
            }
        }
        return (y, dx);
    }

    /// <summary>(kernel, stride, padding) for each backend.</summary>
    private static IEnumerable<TestCaseData> OnBothBackends(params (int Kernel, int Stride, int Padding)[] geometries) =>
        from geometry in geometries
        from backend in Enum.GetValues<BackendChoice>()
        select new TestCaseData(geometry.Kernel, geometry.Stride, geometry.Padding, backend);

    private static IEnumerable<TestCaseData> MaxPoolGeometries() => OnBothBackends(
        (2, 2, 0),
        (3, 2, 0), // overlapping windows: one pixel may be the maximum of two
        (3, 3, 0)); // 5×7 is no multiple of 3: the last rows and columns are never read

    private static IEnumerable<TestCaseData> AvgPoolGeometries() => OnBothBackends((2, 2, 0), (3, 2, 1), (3, 1, 1));

    [TestCaseSource(nameof(MaxPoolGeometries))]
    public void MaxPool2dMatchesTheNestedLoops(int kernel, int stride, int padding, BackendChoice backend) =>
        CheckPooling(new MaxPool2d(kernel, stride), kernel, stride, padding, max: true, backend);

    [TestCaseSource(nameof(AvgPoolGeometries))]
    public void AvgPool2dMatchesTheNestedLoops(int kernel, int stride, int padding, BackendChoice backend) =>
        CheckPooling(new AvgPool2d(kernel, stride, padding), kernel, stride, padding, max: false, backend);

    private static void CheckPooling(Module pool, int kernel, int stride, int padding, bool max, BackendChoice backend)
    {
        // Distinct values, so every window has one maximum.
        var images = new TensorGenerators(22).Create([2, 2, 5, 7], Distribution.Distinct);
        using (Device.Cpu.UseBackend(Pick(backend)))
        {
            images.RequiresGrad = true;
            var output = pool.Forward(images);
            var upstream = new TensorGenerators(23).Create(output.Shape);
            output.Backward(upstream);

            var expected = DirectPooling(images, upstream, kernel, stride, padding, max);
            Assert.That(output.ToArray(), Is.EqualTo(expected.Output).Within(Tolerance));
            Assert.That(images.Grad!.ToArray(), Is.EqualTo(expected.InputGrad).Within(Tolerance));
        }
    }

    [TestCase(3, 2, 1)]
    [TestCase(3, 1, 1)]
    [TestCase(2, 3, 0)] // stride larger than the kernel: some pixels are never read
    [TestCase(1, 2, 2)] // padding wider than the kernel: whole columns of zeros
    public void Im2ColOfTheFastBackendMatchesTheReferenceBackend(int kernel, int stride, int padding)
    {
        // 5×7 images, two channels, two images: every odd remainder of the fast backend's runs is exercised.
        var images = new TensorGenerators(24).Create([2, 2, 5, 7]);

        var (referenceColumns, referenceGrad) = Im2ColWithGradient(Backend.Reference, images, kernel, stride, padding);
        var (fastColumns, fastGrad) = Im2ColWithGradient(Backend.FastCpu, images, kernel, stride, padding);

        // im2col only copies, so the two must agree exactly; col2im adds in the same order in both.
        Assert.That(fastColumns, Is.EqualTo(referenceColumns));
        Assert.That(fastGrad, Is.EqualTo(referenceGrad).Within(1e-6f));
    }

    private static (float[] Columns, float[] InputGrad) Im2ColWithGradient(IBackend backend, Tensor images, int kernel, int stride, int padding)
    {
        using (Device.Cpu.UseBackend(backend))
        {
            var leaf = images.Detach().RequireGrad();
            var columns = leaf.Im2Col(kernel, kernel, stride, padding);
            columns.Backward(new TensorGenerators(25).Create(columns.Shape));
            return (columns.ToArray(), leaf.Grad!.ToArray());
        }
    }
}

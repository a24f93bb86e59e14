using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// Im2Col, whose backward (col2im) is hand-written in each backend: every geometry of kernel, stride and
/// padding (on every backend, as all the gradient checks), and a whole convolution built on it.
/// </summary>
[OnEveryBackend]
public class ConvolutionGradientTests(IBackend backend) : BackendFixture(backend)
{
    [Test]
    public void Im2Col(
        [Values(1, 2, 3)] int kernel,
        [Values(1, 2)] int stride,
        [Values(0, 1)] int padding)
    {
        // Width 5 and height 4: overlapping windows, and with stride 2 some pixels no window reads.
        var images = new TensorGenerators(1).Create([2, 2, 4, 5]);

        GradientChecker.Check(inputs => inputs[0].Im2Col(kernel, kernel, stride, padding), images);
    }

    [Test]
    public void Im2ColOfARectangularKernel()
    {
        var images = new TensorGenerators(2).Create([1, 3, 4, 4]);

        GradientChecker.Check(inputs => inputs[0].Im2Col(kernelHeight: 3, kernelWidth: 1, stride: 1, padding: 1), images);
    }

    [Test]
    public void Im2ColOfANonContiguousBatch([Values] Layout layout)
    {
        var images = new TensorGenerators(3).Create([2, 1, 3, 4], Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].Im2Col(2, 2, stride: 1, padding: 1), images);
    }

    [Test]
    public void ConvolutionAsIm2ColThenMatMul()
    {
        // (N,C,H,W) = (2,2,4,4), 3 filters of 2×2×3×3, stride 1, padding 1: out = W · im2col(x) + b.
        var generators = new TensorGenerators(4);
        var images = generators.Create([2, 2, 4, 4]);
        var weights = generators.Create([3, 2, 3, 3]);
        var bias = generators.Create([3, 1]);

        GradientChecker.Check(inputs =>
        {
            var columns = inputs[0].Im2Col(3, 3, stride: 1, padding: 1);
            return inputs[1].Reshape(3, -1).MatMul(columns) + inputs[2];
        }, images, weights, bias);
    }

    [Test]
    public void MatMulOfOddSizes()
    {
        // Sizes that are not multiples of a SIMD width, so vector remainders are exercised.
        var generators = new TensorGenerators(5);
        var a = generators.Create([2, 3, 7], Distribution.Normal, Layout.Transposed);
        var b = generators.Create([7, 9]);

        GradientChecker.Check(inputs => inputs[0].MatMul(inputs[1]), a, b);
    }
}

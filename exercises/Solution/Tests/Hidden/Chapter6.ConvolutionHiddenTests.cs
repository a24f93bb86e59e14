namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter6HiddenTests
{
    [Test, Category("task:6.1"), Hint("⌊(size + 2·padding - kernel)/stride⌋ + 1")]
    public void OtherSizes()
    {
        Assert.That(Convolution.ConvOutputSize(5, 5, 1, 0), Is.EqualTo(1), "size 5, kernel 5");
        Assert.That(Convolution.ConvOutputSize(32, 4, 4, 0), Is.EqualTo(8), "size 32, kernel 4, stride 4");
        Assert.That(Convolution.ConvOutputSize(6, 2, 3, 1), Is.EqualTo(3), "size 6, kernel 2, stride 3, padding 1");
    }

    [Test, Category("task:6.2"), Hint("pad every image and every channel; padding 0 changes nothing")]
    public void BatchOfChannels()
    {
        var images = TensorAssert.Random(120, 2, 3, 3, 4);
        var padded = Convolution.ZeroPad2d(images, 2);
        Assert.That(padded.Shape, Is.EqualTo(new[] { 2, 3, 7, 8 }), "shape after padding by 2");
        TensorAssert.Close(images, padded.Slice(2, 2, 5).Slice(3, 2, 6), "the middle of the padded images");
        Assert.That(padded.ToArray().Count(v => v != 0), Is.EqualTo(images.ToArray().Count(v => v != 0)), "non-zero elements (the border must be zeros)");
        TensorAssert.Close(images, Convolution.ZeroPad2d(images, 0), "padding 0");
    }

    [Test, Category("task:6.3"), Weight(2), Hint("padding larger than the kernel overlap, strides equal to the kernel, several channels")]
    public void WidePaddingAndKernelSizedStrides()
    {
        Im2ColAssert.MatchesEngine(Convolution.Im2Col, TensorAssert.Random(132, 1, 3, 6, 5), kernelSize: 2, stride: 1, padding: 2);
        Im2ColAssert.MatchesEngine(Convolution.Im2Col, TensorAssert.Random(133, 2, 2, 7, 7), kernelSize: 3, stride: 3, padding: 1);
    }

    [Test, Category("task:6.4"), Weight(2), Hint("a kernel as large as the padded image gives a 1×1 output; a 1×1 kernel mixes channels only")]
    public void WholeImageAndPointwiseKernels()
    {
        ConvolutionAssert.MatchesConv2d(Convolution.Conv2dForward, TensorAssert.Random(143, 1, 1, 5, 5), outChannels: 2, kernelSize: 5, stride: 1, padding: 2, bias: true);
        ConvolutionAssert.MatchesConv2d(Convolution.Conv2dForward, TensorAssert.Random(144, 3, 2, 4, 4), outChannels: 5, kernelSize: 1, stride: 1, padding: 0, bias: true);
    }

    [Test, Category("task:6.5"), Hint("start each window's maximum from its first element or -∞, not from 0: every value may be negative", Cause = HintCause.WrongValues)]
    public void NegativeValuesAndStrideTwo()
    {
        var negative = TensorAssert.Random(152, 1, 2, 7, 7).Abs() * -1 - 1;
        PoolingAssert.ForwardMatchesEngine(Convolution.MaxPool2d, negative, kernelSize: 3, stride: 2);
    }

    [Test, Category("task:6.6"), Weight(2), Hint("on a tie the first maximum in the window (row by row) wins; values may all be negative", Cause = HintCause.WrongValues)]
    public void TiesAndNegativeValues()
    {
        PoolingAssert.BackwardMatchesAutograd(Convolution.MaxPool2dBackward, Tensor.Full([1, 1, 4, 4], 2f), kernelSize: 2, stride: 2);
        PoolingAssert.BackwardMatchesAutograd(Convolution.MaxPool2dBackward, TensorAssert.Random(163, 2, 1, 6, 6).Abs() * -1, kernelSize: 3, stride: 2);
    }

    [Test, Category("task:6.7"), Weight(2), Hint("windows that do not overlap (stride = kernel), padding wider than the window's reach, several channels and a non-square image")]
    public void NonOverlappingWindowsWidePaddingAndChannels()
    {
        Col2ImAssert.MatchesAutograd(Convolution.Col2Im, imageShape: [1, 1, 6, 6], kernelSize: 2, stride: 2, padding: 0);
        Col2ImAssert.MatchesAutograd(Convolution.Col2Im, imageShape: [1, 2, 4, 5], kernelSize: 3, stride: 1, padding: 2);
        Col2ImAssert.MatchesAutograd(Convolution.Col2Im, imageShape: [2, 3, 5, 6], kernelSize: 2, stride: 1, padding: 1);
    }

    [Test, Category("task:6.8"), Weight(2), Hint("one component only, more dimensions than the visible tests, and every component of a small set")]
    public void OneComponentAndAllComponents()
    {
        PrincipalComponentsAssert.MatchesEigenvectors(Convolution.PrincipalComponents, seed: 182, rows: 80, spreads: [5, 2.5, 1.2, 0.8, 0.4, 0.2], mean: [1, 2, 3, -1, -2, -3], count: 1);
        PrincipalComponentsAssert.MatchesEigenvectors(Convolution.PrincipalComponents, seed: 183, rows: 40, spreads: [2, 1], mean: [-3, 4], count: 2);
    }
}

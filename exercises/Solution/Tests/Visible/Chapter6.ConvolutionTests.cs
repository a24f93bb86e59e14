using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:6.1")]
public sealed class Task6_1_ConvOutputSize(Func<int, int, int, int, int> convOutputSize)
{
    public Task6_1_ConvOutputSize() : this(Convolution.ConvOutputSize) { }

    [Test, Hint("a k-wide window fits size - k + 1 times with stride 1")]
    public void NoPadding() => Assert.That(convOutputSize(28, 3, 1, 0), Is.EqualTo(26), "size 28, kernel 3, stride 1, padding 0");

    [Test, Hint("padding adds p zeros on each side: 2p in all")]
    public void PaddingAndStride()
    {
        Assert.That(convOutputSize(28, 3, 1, 1), Is.EqualTo(28), "size 28, kernel 3, stride 1, padding 1");
        Assert.That(convOutputSize(7, 3, 2, 1), Is.EqualTo(4), "size 7, kernel 3, stride 2, padding 1");
    }
}

[TestFixture, Category("task:6.2")]
public sealed class Task6_2_ZeroPad2d(Func<Tensor, int, Tensor> zeroPad2d)
{
    public Task6_2_ZeroPad2d() : this(Convolution.ZeroPad2d) { }

    [Test, Hint("the result is (N, C, H+2p, W+2p); pixel (y, x) moves to (y+p, x+p)")]
    public void OnePixelBorder()
    {
        var images = Tensor.FromArray([1f, 2, 3, 4], 1, 1, 2, 2);
        var expected = Tensor.FromArray([0f, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0], 1, 1, 4, 4);
        TensorAssert.Close(expected, zeroPad2d(images, 1), "a 2×2 image padded by 1");
    }
}

[TestFixture, Category("task:6.3")]
public sealed class Task6_3_Im2Col(Func<Tensor, int, int, int, Tensor> im2Col)
{
    public Task6_3_Im2Col() : this(Convolution.Im2Col) { }

    [Test, Weight(2), Hint("row c·k·k + i·k + j, column oy·outW + ox, holds x[n, c, oy·s - p + i, ox·s - p + j]")]
    public void NoPaddingStrideOne() => Im2ColAssert.MatchesEngine(im2Col, TensorAssert.Random(130, 1, 2, 4, 4), kernelSize: 3, stride: 1, padding: 0);

    [Test, Hint("positions that fall in the padding read as 0; check the output size with padding and stride")]
    public void PaddingAndStride() => Im2ColAssert.MatchesEngine(im2Col, TensorAssert.Random(131, 2, 1, 5, 5), kernelSize: 3, stride: 2, padding: 1);
}

internal static class Im2ColAssert
{
    public static void MatchesEngine(Func<Tensor, int, int, int, Tensor> im2Col, Tensor images, int kernelSize, int stride, int padding) =>
        TensorAssert.Close(images.Im2Col(kernelSize, kernelSize, stride, padding), im2Col(images, kernelSize, stride, padding),
            $"im2col of {images.ShapeText} images, kernel {kernelSize}, stride {stride}, padding {padding}");
}

[TestFixture, Category("task:6.4")]
public sealed class Task6_4_Conv2dForward(Func<Tensor, Tensor, Tensor?, int, int, Tensor> conv2dForward)
{
    public Task6_4_Conv2dForward() : this(Convolution.Conv2dForward) { }

    [Test, Weight(2), Hint("W as an (O, C·k·k) matrix times the (N, C·k·k, L) columns gives (N, O, L); reshape to (N, O, outH, outW) and add b as (1, O, 1, 1)")]
    public void PaddedWithBias() => ConvolutionAssert.MatchesConv2d(conv2dForward, TensorAssert.Random(140, 2, 3, 6, 6), outChannels: 4, kernelSize: 3, stride: 1, padding: 1, bias: true);

    [Test, Hint("the output size uses the stride: ⌊(H + 2p - k)/s⌋ + 1")]
    public void StridedWithoutBias() => ConvolutionAssert.MatchesConv2d(conv2dForward, TensorAssert.Random(141, 1, 2, 7, 7), outChannels: 3, kernelSize: 3, stride: 2, padding: 0, bias: false);
}

internal static class ConvolutionAssert
{
    public static void MatchesConv2d(Func<Tensor, Tensor, Tensor?, int, int, Tensor> conv2dForward, Tensor images, int outChannels, int kernelSize, int stride, int padding, bool bias)
    {
        var layer = new Conv2d(images.Size(1), outChannels, kernelSize, new Generator(142), stride, padding, bias);
        Tensor expected;
        using (Autograd.NoGrad())
        {
            expected = layer.Forward(images);
        }
        TensorAssert.Close(expected, conv2dForward(images, layer.Weight.Detach(), layer.Bias?.Detach(), stride, padding), $"{layer} on {images.ShapeText} images");
    }
}

[TestFixture, Category("task:6.5")]
public sealed class Task6_5_MaxPool2d(Func<Tensor, int, int, Tensor> maxPool2d)
{
    public Task6_5_MaxPool2d() : this(Convolution.MaxPool2d) { }

    [Test, Hint("output size ⌊(H - k)/stride⌋ + 1; each output is the largest value of its k×k window")]
    public void TwoByTwoWindows() => PoolingAssert.ForwardMatchesEngine(maxPool2d, TensorAssert.Random(150, 1, 1, 4, 4), kernelSize: 2, stride: 2);

    [Test, Hint("windows overlap when the stride is smaller than the kernel")]
    public void OverlappingWindows() => PoolingAssert.ForwardMatchesEngine(maxPool2d, TensorAssert.Random(151, 2, 3, 5, 5), kernelSize: 3, stride: 1);
}

[TestFixture, Category("task:6.6")]
public sealed class Task6_6_MaxPool2dBackward(Func<Tensor, Tensor, int, int, Tensor> maxPool2dBackward)
{
    public Task6_6_MaxPool2dBackward() : this(Convolution.MaxPool2dBackward) { }

    [Test, Weight(2), Hint("find each window's winner again and add its output gradient there; everything else gets 0")]
    public void TwoByTwoWindows() => PoolingAssert.BackwardMatchesAutograd(maxPool2dBackward, TensorAssert.Random(160, 1, 2, 4, 4), kernelSize: 2, stride: 2);

    [Test, Hint("with overlapping windows one pixel can win several; add (+=), don't overwrite")]
    public void OverlappingWindowsAddUp() => PoolingAssert.BackwardMatchesAutograd(maxPool2dBackward, TensorAssert.Random(161, 1, 1, 5, 5), kernelSize: 3, stride: 1);
}

internal static class PoolingAssert
{
    public static void ForwardMatchesEngine(Func<Tensor, int, int, Tensor> maxPool2d, Tensor images, int kernelSize, int stride) =>
        TensorAssert.Close(images.MaxPool2d(kernelSize, stride), maxPool2d(images, kernelSize, stride), $"max pooling of {images.ShapeText}, kernel {kernelSize}, stride {stride}");

    public static void BackwardMatchesAutograd(Func<Tensor, Tensor, int, int, Tensor> maxPool2dBackward, Tensor images, int kernelSize, int stride)
    {
        var input = images.Detach().RequireGrad();
        var output = input.MaxPool2d(kernelSize, stride);
        var upstream = TensorAssert.Random(162, output.Shape);
        output.Backward(upstream);
        TensorAssert.Close(input.Grad!, maxPool2dBackward(images, upstream, kernelSize, stride), $"dL/dx of max pooling {images.ShapeText}, kernel {kernelSize}, stride {stride}");
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:6.a")]
public sealed class Question6_a(Func<int> answer)
{
    public Question6_a() : this(Convolution.Question6A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("6.a", answer(), "d0635d375fad2e18b16ca58dfea456c6b84fd06026b03b50a556b0e5a834681b",
            lookAgainAt: "⌊(size + 2·padding − kernel) / stride⌋ + 1");
}

[TestFixture, Category("task:6.b")]
public sealed class Question6_b(Func<int> answer)
{
    public Question6_b() : this(Convolution.Question6B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("6.b", answer(), "5743ceae05dd84d64e897f2a059ae2fc04ed6ecc22d28bb0cbc1f798f7d67316",
            lookAgainAt: "the weight's shape (O, C, k, k), and one bias per output channel");
}

[TestFixture, Category("task:6.c")]
public sealed class Question6_c(Func<char> answer)
{
    public Question6_c() : this(Convolution.Question6C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("6.c", answer(), "fd5e5669182ea9e998ebf7cf1d78ad127cc949d58524e9c4562a0a3312f104b9",
            lookAgainAt: "which element of its window each output of max pooling came from");
}

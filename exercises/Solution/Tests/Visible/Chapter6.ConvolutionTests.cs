using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:6.1")]
public sealed class Task6_1_ConvOutputSize(Func<int, int, int, int, int> convOutputSize)
{
    public Task6_1_ConvOutputSize() : this(Convolution.ConvOutputSize) { }

    [Test, Hint("a k-wide window fits n - k + 1 times with stride 1")]
    public void NoPadding() => OutputSizeAssert.Matches(convOutputSize, n: 28, k: 3, s: 1, p: 0);

    [Test, Hint("padding adds p zeros on each side: 2p in all")]
    public void Padding() => OutputSizeAssert.Matches(convOutputSize, n: 28, k: 5, s: 1, p: 2);

    [Test, Hint("the window moves s pixels at a time: ⌊(n + 2p - k)/s⌋ + 1, rounded down")]
    public void Stride()
    {
        OutputSizeAssert.Matches(convOutputSize, n: 8, k: 3, s: 2, p: 0);
        OutputSizeAssert.Matches(convOutputSize, n: 7, k: 3, s: 2, p: 1);
    }
}

/// <summary>n_out = ⌊(n + 2p - k)/s⌋ + 1, and what the usual slips of that formula give instead.</summary>
internal static class OutputSizeAssert
{
    public static void Matches(Func<int, int, int, int, int> convOutputSize, int n, int k, int s, int p)
    {
        var comparison = new Comparison
        {
            Suspects =
            [
                Suspect.Number($"the stride s = {s} is ignored: divide n + 2p - k by s, then add 1", n + 2 * p - k + 1),
                Suspect.Number($"the padding is counted on one side only: p = {p} zeros on each side", (n + p - k) / s + 1),
                Suspect.Number($"the padding p = {p} is left out", (n - k) / s + 1),
                Suspect.Number("the + 1 is missing: the window's first position counts too", (n + 2 * p - k) / s),
                Suspect.Number("the + 1 is added before dividing by the stride; add it after", (n + 2 * p - k + 1) / s),
                Suspect.Number("the division is rounded up; a window that does not fit is not counted (round down)", (n + 2 * p - k + s - 1) / s + 1),
            ],
        };
        TensorAssert.Close((n + 2 * p - k) / s + 1, convOutputSize(n, k, s, p), $"n_out for n = {n}, k = {k}, s = {s}, p = {p}", 0, comparison);
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
        PaddingAssert.Matches(zeroPad2d, images, Tensor.FromArray([0f, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0], 1, 1, 4, 4), padding: 1);
    }

    [Test, Hint("every image n and every channel c is padded, by p on each side")]
    public void TwoImagesTwoChannelsPaddedByTwo()
    {
        var images = TensorAssert.Random(62, 2, 2, 3, 2);
        var expected = Tensor.Zeros(2, 2, 7, 6);
        expected.Slice(2, 2, 5).Slice(3, 2, 4).CopyFrom(images);
        PaddingAssert.Matches(zeroPad2d, images, expected, padding: 2);
    }
}

internal static class PaddingAssert
{
    public static void Matches(Func<Tensor, int, Tensor> zeroPad2d, Tensor images, Tensor expected, int padding)
    {
        int height = images.Size(2), width = images.Size(3);
        var comparison = new Comparison
        {
            ShapeSuspects =
            [
                ($"padded on one side only: H + p = {height + padding} rows; pad p on each side, 2p in all", [images.Size(0), images.Size(1), height + padding, width + padding]),
            ],
            Suspects =
            [
                new($"the image is not moved by p: pixel (y, x) belongs at (y + p, x + p) = (y + {padding}, x + {padding})", Shifted(expected, padding)),
            ],
            Position = index => $"image n = {index[0]}, channel c = {index[1]}, padded position (y, x) = ({index[2]}, {index[3]})",
        };
        TensorAssert.Close(expected, zeroPad2d(images, padding), $"{images.ShapeText} images (N, C, H, W) padded by p = {padding}", comparison: comparison);
    }

    // The padded images with the picture at the top left, where it lands when (y, x) is not moved by p.
    private static Tensor Shifted(Tensor padded, int padding)
    {
        var shifted = Tensor.ZerosLike(padded);
        int height = padded.Size(2) - padding, width = padded.Size(3) - padding;
        shifted.Slice(2, 0, height).Slice(3, 0, width).CopyFrom(padded.Slice(2, padding, padding + height).Slice(3, padding, padding + width));
        return shifted;
    }
}

[TestFixture, Category("task:6.3"), WriteItYourself("Tensor.Im2Col", "Conv2d")]
public sealed class Task6_3_Im2Col(Func<Tensor, int, int, int, Tensor> im2Col)
{
    public Task6_3_Im2Col() : this(Convolution.Im2Col) { }

    [Test, Weight(2), Hint("row c·k² + u·k + v, column i·n_out + j, holds x[n, c, i·s - p + u, j·s - p + v]")]
    public void NoPaddingStrideOne() => Im2ColAssert.MatchesEngine(im2Col, TensorAssert.Random(130, 1, 2, 4, 4), kernelSize: 3, stride: 1, padding: 0);

    [Test, Hint("positions that fall in the padding read as 0; check the output size with padding and stride")]
    public void PaddingAndStride() => Im2ColAssert.MatchesEngine(im2Col, TensorAssert.Random(131, 2, 1, 5, 5), kernelSize: 3, stride: 2, padding: 1);
}

/// <summary>
/// Compares a learner's im2col with the engine's, and reads a position of the (N, C·k², L) result as the notebook
/// does: row c·k² + u·k + v is channel c at window offset (u, v), column i·n_out + j the output position (i, j).
/// </summary>
internal static class Im2ColAssert
{
    public static void MatchesEngine(Func<Tensor, int, int, int, Tensor> im2Col, Tensor images, int kernelSize, int stride, int padding)
    {
        var expected = images.Im2Col(kernelSize, kernelSize, stride, padding);
        var (k, width) = (kernelSize, images.Size(3));
        var outWidth = (width + 2 * padding - k) / stride + 1;
        var batchAndRows = new[] { images.Size(0), images.Size(1) * k * k };
        var comparison = new Comparison
        {
            ShapeSuspects =
            [
                ($"the output size ignores the stride s = {stride}: n_out = ⌊(n + 2p - k)/s⌋ + 1", [.. batchAndRows, Square(images.Size(2) + 2 * padding - k + 1)]),
                ($"the output size ignores the padding p = {padding}: n_out = ⌊(n + 2p - k)/s⌋ + 1", [.. batchAndRows, Square((images.Size(2) - k) / stride + 1)]),
                ("the axes are (N, L, C·k²): each window is a column, so the C·k² window entries run down the rows", [images.Size(0), expected.Size(2), expected.Size(1)]),
            ],
            Suspects =
            [
                new("u and v are swapped: row c·k² + u·k + v holds offset u down (y) and v across (x), x[n, c, i·s - p + u, j·s - p + v]", OffsetsSwapped(expected, images.Size(1), k)),
            ],
            Position = index =>
                $"image n = {index[0]}, channel c = {index[1] / (k * k)}, window offset (u, v) = ({index[1] % (k * k) / k}, {index[1] % k}), " +
                $"output position (i, j) = ({index[2] / outWidth}, {index[2] % outWidth}) (row {index[1]}, column {index[2]})",
        };
        TensorAssert.Close(expected, im2Col(images, kernelSize, stride, padding),
            $"im2col of {images.ShapeText} images (N, C, H, W), k = {kernelSize}, s = {stride}, p = {padding}, to (N, C·k², L) = {expected.ShapeText}", comparison: comparison);
    }

    private static int Square(int size) => size * size;

    // The rows of each channel's window reordered from (u, v) to (v, u): what swapping the two offsets gives.
    internal static Tensor OffsetsSwapped(Tensor columns, int channels, int k)
    {
        var swapped = Tensor.ZerosLike(columns);
        for (var c = 0; c < channels; c++)
        {
            for (var u = 0; u < k; u++)
            {
                for (var v = 0; v < k; v++)
                {
                    var (row, transposedRow) = (c * k * k + u * k + v, c * k * k + v * k + u);
                    swapped.Slice(1, row, row + 1).CopyFrom(columns.Slice(1, transposedRow, transposedRow + 1));
                }
            }
        }
        return swapped;
    }
}

[TestFixture, Category("task:6.4"), WriteItYourself("Conv2d")]
public sealed class Task6_4_Conv2dForward(Func<Tensor, Tensor, Tensor?, int, int, Tensor> conv2dForward)
{
    public Task6_4_Conv2dForward() : this(Convolution.Conv2dForward) { }

    [Test, Weight(2), Hint("W as an (O, C·k²) matrix times the (N, C·k², L) columns gives (N, O, L); reshape to (N, O, n_out, n_out) and add b as (1, O, 1, 1)")]
    public void PaddedWithBias() => ConvolutionAssert.MatchesConv2d(conv2dForward, TensorAssert.Random(140, 2, 3, 6, 6), outChannels: 4, kernelSize: 3, stride: 1, padding: 1, bias: true);

    [Test, Hint("the output size uses the stride: ⌊(H + 2p - k)/s⌋ + 1")]
    public void StridedWithoutBias() => ConvolutionAssert.MatchesConv2d(conv2dForward, TensorAssert.Random(141, 1, 2, 7, 7), outChannels: 3, kernelSize: 3, stride: 2, padding: 0, bias: false);
}

internal static class ConvolutionAssert
{
    public static void MatchesConv2d(Func<Tensor, Tensor, Tensor?, int, int, Tensor> conv2dForward, Tensor images, int outChannels, int kernelSize, int stride, int padding, bool bias)
    {
        var layer = new Conv2d(images.Size(1), outChannels, kernelSize, new Generator(142), stride, padding, bias);
        var (weight, biasValues) = (layer.Weight.Detach().Clone(), layer.Bias?.Detach().Clone());
        Tensor expected, flipped;
        using (Autograd.NoGrad())
        {
            expected = layer.Forward(images);
            layer.Weight.CopyFrom(Flipped(weight));
            flipped = layer.Forward(images);
        }
        List<Suspect> suspects = [new("the filter is flipped (a convolution in the signal-processing sense): W[o, c, u, v] multiplies x[n, c, i·s - p + u, j·s - p + v], unflipped", flipped)];
        if (biasValues is not null)
        {
            suspects.Add(new("the bias b is not added: add it reshaped to (1, O, 1, 1)", expected - biasValues.Reshape(1, outChannels, 1, 1)));
        }
        var actual = TensorAssert.Call(() => conv2dForward(images, weight, biasValues, stride, padding), expected.Shape, $"{layer} on {images.ShapeText} images", "⌊(H + 2p - k)/s⌋ + 1");
        var comparison = new Comparison
        {
            Suspects = suspects,
            Position = index => $"image n = {index[0]}, output channel o = {index[1]}, output position (i, j) = ({index[2]}, {index[3]})",
        };
        TensorAssert.Close(expected, actual, $"{layer} on {images.ShapeText} images, y of shape (N, O, n_out, n_out)", comparison: comparison);
    }

    // W[o, c, k-1-u, k-1-v]: the filter turned by 180°.
    private static Tensor Flipped(Tensor weight)
    {
        var k = weight.Size(2);
        var flipped = Tensor.ZerosLike(weight);
        for (var u = 0; u < k; u++)
        {
            for (var v = 0; v < k; v++)
            {
                flipped.Slice(2, u, u + 1).Slice(3, v, v + 1).CopyFrom(weight.Slice(2, k - 1 - u, k - u).Slice(3, k - 1 - v, k - v));
            }
        }
        return flipped;
    }
}

[TestFixture, Category("task:6.5"), WriteItYourself("Tensor.MaxPool2d", "MaxPool2d")]
public sealed class Task6_5_MaxPool2d(Func<Tensor, int, int, Tensor> maxPool2d)
{
    public Task6_5_MaxPool2d() : this(Convolution.MaxPool2d) { }

    [Test, Hint("output size ⌊(H - k)/s⌋ + 1; each output is the largest value of its k×k window")]
    public void TwoByTwoWindows() => PoolingAssert.ForwardMatchesEngine(maxPool2d, TensorAssert.Random(150, 1, 1, 4, 4), kernelSize: 2, stride: 2);

    [Test, Hint("windows overlap when the stride is smaller than the kernel")]
    public void OverlappingWindows() => PoolingAssert.ForwardMatchesEngine(maxPool2d, TensorAssert.Random(151, 2, 3, 5, 5), kernelSize: 3, stride: 1);

    [Test, Hint("window (i, j) starts at (i·s, j·s)")]
    public void StrideSmallerThanTheImage() => PoolingAssert.ForwardMatchesEngine(maxPool2d, TensorAssert.Random(152, 1, 2, 7, 7), kernelSize: 3, stride: 2);
}

[TestFixture, Category("task:6.6"), WriteItYourself("Tensor.MaxPool2d", "MaxPool2d", "Tensor.Backward")]
public sealed class Task6_6_MaxPool2dBackward(Func<Tensor, Tensor, int, int, Tensor> maxPool2dBackward)
{
    public Task6_6_MaxPool2dBackward() : this(Convolution.MaxPool2dBackward) { }

    [Test, Weight(2), Hint("find each window's winner again and add its output gradient there; everything else gets 0")]
    public void TwoByTwoWindows() => PoolingAssert.BackwardMatchesAutograd(maxPool2dBackward, TensorAssert.Random(160, 1, 2, 4, 4), kernelSize: 2, stride: 2);

    [Test, Hint("with overlapping windows one pixel can win several; add (+=), don't overwrite")]
    public void OverlappingWindowsAddUp() => PoolingAssert.BackwardMatchesAutograd(maxPool2dBackward, TensorAssert.Random(161, 1, 1, 5, 5), kernelSize: 3, stride: 1);

    [Test, Hint("where several values of a window tie for the maximum, the first in row-major order wins (as the engine does)")]
    public void TiesGoToTheFirstMaximum()
    {
        // Window (0, 0) is four equal 1s; window (0, 1) has its 2 at (0, 2) and at (1, 3).
        var images = Tensor.FromArray([1f, 1, 2, 0, 1, 1, 0, 2], 1, 1, 2, 4);
        var upstream = Tensor.FromArray([3f, 5], 1, 1, 1, 2);
        var expected = Tensor.FromArray([3f, 0, 5, 0, 0, 0, 0, 0], 1, 1, 2, 4);
        var lastMaximum = Tensor.FromArray([0f, 0, 0, 0, 0, 3, 0, 5], 1, 1, 2, 4);
        var comparison = new Comparison
        {
            Suspects = [new("with tied maxima the gradient went to the last one; it belongs to the first in row-major order: replace a >= by > so that a later equal value does not take over", lastMaximum)],
            Position = PoolingAssert.InputPosition,
        };
        TensorAssert.Close(expected, maxPool2dBackward(images, upstream, 2, 2), "x̄ of max pooling with tied maxima, k = 2, s = 2", comparison: comparison);
    }
}

/// <summary>Max pooling, forward and backward, against the engine; positions read as (image n, channel c, (y, x)).</summary>
internal static class PoolingAssert
{
    public static string InputPosition(int[] index) => $"image n = {index[0]}, channel c = {index[1]}, input position (y, x) = ({index[2]}, {index[3]})";

    public static void ForwardMatchesEngine(Func<Tensor, int, int, Tensor> maxPool2d, Tensor images, int kernelSize, int stride)
    {
        var expected = images.MaxPool2d(kernelSize, stride);
        var what = $"max pooling of {images.ShapeText} images (N, C, H, W), k = {kernelSize}, s = {stride}";
        var actual = TensorAssert.Call(() => maxPool2d(images, kernelSize, stride), expected.Shape, what, "⌊(H - k)/s⌋ + 1");
        var (height, width) = (images.Size(2), images.Size(3));
        var (outHeight, outWidth) = (expected.Size(2), expected.Size(3));
        var windowsAtStrideOne = images.MaxPool2d(kernelSize, 1).Slice(2, 0, outHeight).Slice(3, 0, outWidth).Contiguous();
        var comparison = new Comparison
        {
            ShapeSuspects =
            [
                ($"the output size ignores the stride s = {stride}: ⌊(H - k)/s⌋ + 1", [images.Size(0), images.Size(1), height - kernelSize + 1, width - kernelSize + 1]),
                ("the output has the input's size: ⌊(H - k)/s⌋ + 1 positions fit", images.Shape),
            ],
            Suspects = stride == 1 ? [] : [new($"window (i, j) starts at (i, j), not at (i·s, j·s) = (i·{stride}, j·{stride})", windowsAtStrideOne)],
            Position = index => $"image n = {index[0]}, channel c = {index[1]}, output position (i, j) = ({index[2]}, {index[3]}), the window at (y, x) = ({index[2] * stride}, {index[3] * stride})",
        };
        TensorAssert.Close(expected, actual, $"{what}, to {expected.ShapeText}", comparison: comparison);
    }

    public static void BackwardMatchesAutograd(Func<Tensor, Tensor, int, int, Tensor> maxPool2dBackward, Tensor images, int kernelSize, int stride)
    {
        var input = images.Detach().RequireGrad();
        var output = input.MaxPool2d(kernelSize, stride);
        var upstream = TensorAssert.Random(162, output.Shape);
        output.Backward(upstream);
        // How many windows each pixel wins: the backward of an upstream gradient of ones.
        var counting = images.Detach().RequireGrad();
        counting.MaxPool2d(kernelSize, stride).Backward(Tensor.OnesLike(output));
        var wins = counting.Grad!;
        var actual = TensorAssert.Call(() => maxPool2dBackward(images, upstream, kernelSize, stride), images.Shape, $"x̄ of max pooling {images.ShapeText}", "x̄ has the shape of x");
        var comparison = new Comparison { Position = InputPosition };
        var expected = input.Grad!;
        if (actual is not null && actual.Shape.SequenceEqual(expected.Shape))
        {
            var (want, got, count) = (expected.ToArray(), actual.ToArray(), wins.ToArray());
            var overwritten = Enumerable.Range(0, want.Length).FirstOrDefault(i => count[i] > 1 && Math.Abs(want[i] - got[i]) > 1e-4f * (1 + Math.Abs(want[i])), -1);
            if (overwritten >= 0)
            {
                var index = new[] { overwritten / (want.Length / images.Size(0)), overwritten / (images.Size(2) * images.Size(3)) % images.Size(1), overwritten / images.Size(3) % images.Size(2), overwritten % images.Size(3) };
                comparison = new Comparison
                {
                    Position = InputPosition,
                    Suspects = [new($"{InputPosition(index)} wins {count[overwritten]:0} windows, whose gradients add up to {want[overwritten]:G4}; an assignment (=) keeps one of them, add (+=)", actual)],
                };
            }
        }
        TensorAssert.Close(expected, actual, $"x̄ of max pooling {images.ShapeText}, k = {kernelSize}, s = {stride}", comparison: comparison);
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

[TestFixture, Category("task:6.7"), WriteItYourself("Tensor.Im2Col", "Tensor.Backward", "Conv2d")]
public sealed class Task6_7_Col2Im(Func<Tensor, int[], int, int, int, Tensor> col2Im)
{
    public Task6_7_Col2Im() : this(Convolution.Col2Im) { }

    [Test, Weight(2), Hint("each column entry (row c·k² + u·k + v, column i·n_out + j) goes back to x[n, c, i·s - p + u, j·s - p + v], added (+=) to what is there")]
    public void OverlappingWindowsAddUp() => Col2ImAssert.MatchesAutograd(col2Im, imageShape: [1, 2, 4, 4], kernelSize: 3, stride: 1, padding: 0);

    [Test, Hint("entries that fall in the padding belong to no pixel: drop them; the output size uses the stride and the padding")]
    public void PaddingAndStride() => Col2ImAssert.MatchesAutograd(col2Im, imageShape: [2, 1, 5, 5], kernelSize: 3, stride: 2, padding: 1);
}

/// <summary>
/// Compares a learner's col2im with the engine's backward of im2col, the gradient that flows into the images when the
/// columns receive <c>columnGrad</c>; positions are read as (image n, channel c, (y, x)).
/// </summary>
internal static class Col2ImAssert
{
    public static void MatchesAutograd(Func<Tensor, int[], int, int, int, Tensor> col2Im, int[] imageShape, int kernelSize, int stride, int padding)
    {
        var columnGrad = TensorAssert.Random(170, Tensor.Zeros(imageShape).Im2Col(kernelSize, kernelSize, stride, padding).Shape);
        var expected = BackwardOfIm2Col(columnGrad, imageShape, kernelSize, stride, padding);
        var what = $"col2im of {columnGrad.ShapeText} columns (N, C·k², L) to images {Shapes.Format(imageShape)}, k = {kernelSize}, s = {stride}, p = {padding}";
        var comparison = new Comparison
        {
            Suspects =
            [
                new("a pixel read by several windows kept only one window's entry: an assignment (=) where the entries must add up (+=)", Overwritten(columnGrad, imageShape, kernelSize, stride, padding)),
                new("u and v are swapped: row c·k² + u·k + v holds offset u down (y) and v across (x), x[n, c, i·s - p + u, j·s - p + v]",
                    BackwardOfIm2Col(Im2ColAssert.OffsetsSwapped(columnGrad, imageShape[1], kernelSize), imageShape, kernelSize, stride, padding)),
            ],
            Position = PoolingAssert.InputPosition,
        };
        var actual = TensorAssert.Call(() => col2Im(columnGrad, imageShape, kernelSize, stride, padding), imageShape, what, "the images have imageShape, and n_out = ⌊(n + 2p - k)/s⌋ + 1 window positions per axis");
        TensorAssert.Close(expected, actual, what, comparison: comparison);
    }

    /// <summary>x̄ = col2im(ḡ): the engine's gradient of Σ g ⊙ im2col(x) with respect to x.</summary>
    private static Tensor BackwardOfIm2Col(Tensor columnGrad, int[] imageShape, int kernelSize, int stride, int padding)
    {
        var images = Tensor.Zeros(imageShape).RequireGrad();
        images.Im2Col(kernelSize, kernelSize, stride, padding).Backward(columnGrad);
        return images.Grad!;
    }

    // What writing each entry with = instead of += gives: the last window to reach a pixel wins, in the reference's loop order.
    private static Tensor Overwritten(Tensor columns, int[] imageShape, int k, int stride, int padding)
    {
        var (height, width) = (imageShape[2], imageShape[3]);
        var (outHeight, outWidth) = ((height + 2 * padding - k) / stride + 1, (width + 2 * padding - k) / stride + 1);
        var images = Tensor.Zeros(imageShape);
        for (var n = 0; n < imageShape[0]; n++)
        {
            for (var c = 0; c < imageShape[1]; c++)
            {
                for (var u = 0; u < k; u++)
                {
                    for (var v = 0; v < k; v++)
                    {
                        for (var i = 0; i < outHeight; i++)
                        {
                            for (var j = 0; j < outWidth; j++)
                            {
                                var (y, x) = (i * stride - padding + u, j * stride - padding + v);
                                if (y >= 0 && y < height && x >= 0 && x < width)
                                {
                                    images[n, c, y, x] = columns[n, (c * k + u) * k + v, i * outWidth + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        return images;
    }
}

[TestFixture, Category("task:6.8")]
public sealed class Task6_8_PrincipalComponents(Func<Tensor, int, Tensor> principalComponents)
{
    public Task6_8_PrincipalComponents() : this(Convolution.PrincipalComponents) { }

    [Test, Weight(2), Hint("the first row is the unit eigenvector of the covariance with the largest eigenvalue, the second the next, after deflating the first")]
    public void DirectionsOfLargestVariance() => PrincipalComponentsAssert.MatchesEigenvectors(principalComponents, seed: 180, rows: 60, spreads: [4, 2, 1, 0.5], mean: [0.2, -0.1, 0.1, 0.3], count: 2);

    [Test, Hint("centre each column first: subtract its mean, or the first direction points at the mean instead of along the spread")]
    public void DataFarFromTheOrigin() => PrincipalComponentsAssert.MatchesEigenvectors(principalComponents, seed: 181, rows: 50, spreads: [3, 1.5, 0.7], mean: [8, -6, 5], count: 3);
}

/// <summary>
/// Compares principal directions with the eigenvectors of the sample covariance, found in double precision by Jacobi
/// rotations (a method the task does not ask for). A direction's sign is arbitrary, so every row of the expected, the
/// actual and the suspect results is first turned so that its largest entry in absolute value is positive.
/// </summary>
internal static class PrincipalComponentsAssert
{
    public static void MatchesEigenvectors(Func<Tensor, int, Tensor> principalComponents, ulong seed, int rows, double[] spreads, double[] mean, int count)
    {
        var data = Correlated(seed, rows, spreads, mean);
        var dimensions = spreads.Length;
        var expected = SignFixed(LeadingEigenvectors(Covariance(data, rows, dimensions, centred: true), count));
        var uncentred = SignFixed(LeadingEigenvectors(Covariance(data, rows, dimensions, centred: false), count));
        var firstOnly = Tensor.Zeros(count, dimensions);
        for (var k = 0; k < count; k++)
        {
            firstOnly.Slice(0, k, k + 1).CopyFrom(expected.Slice(0, 0, 1));
        }
        var input = Tensor.FromArray(data.Select(value => (float)value).ToArray(), rows, dimensions);
        var what = $"the first {count} principal directions of {rows} points in {dimensions} dimensions, (count, D) = ({count}, {dimensions}), each row's sign turned so that its largest entry is positive";
        var actual = TensorAssert.Call(() => principalComponents(input, count), [count, dimensions], what, "one unit row of D numbers per component");
        var comparison = new Comparison
        {
            Suspects =
            [
                new("the columns were not centred: subtract each column's mean before forming XᵀX / (N - 1)", uncentred),
                new("every row is the first direction: deflate, C ← C - λvvᵀ, before looking for the next one", firstOnly),
            ],
            Position = index => $"component {index[0]}, coordinate {index[1]}",
        };
        TensorAssert.Close(expected, actual is null || actual.Rank != 2 ? actual : SignFixed(actual), what, tolerance: 1e-3f, comparison: comparison);
    }

    /// <summary>rows points z·diag(spreads)·Q + mean, z standard normal and Q a random rotation: known, well-separated variances.</summary>
    private static double[] Correlated(ulong seed, int rows, double[] spreads, double[] mean)
    {
        var dimensions = spreads.Length;
        var latent = TensorAssert.Random(seed, rows, dimensions).ToArray();
        var rotation = Orthonormal(TensorAssert.Random(seed + 1000, dimensions, dimensions).ToArray(), dimensions);
        var data = new double[rows * dimensions];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                data[r * dimensions + d] = mean[d];
                for (var e = 0; e < dimensions; e++)
                {
                    data[r * dimensions + d] += latent[r * dimensions + e] * spreads[e] * rotation[e * dimensions + d];
                }
            }
        }
        return data;
    }

    // Gram-Schmidt on the rows of a random matrix.
    private static double[] Orthonormal(float[] random, int size)
    {
        var q = random.Select(value => (double)value).ToArray();
        for (var r = 0; r < size; r++)
        {
            for (var previous = 0; previous < r; previous++)
            {
                var dot = Enumerable.Range(0, size).Sum(d => q[r * size + d] * q[previous * size + d]);
                for (var d = 0; d < size; d++) q[r * size + d] -= dot * q[previous * size + d];
            }
            var norm = Math.Sqrt(Enumerable.Range(0, size).Sum(d => q[r * size + d] * q[r * size + d]));
            for (var d = 0; d < size; d++) q[r * size + d] /= norm;
        }
        return q;
    }

    private static double[,] Covariance(double[] data, int rows, int dimensions, bool centred)
    {
        var means = Enumerable.Range(0, dimensions).Select(d => centred ? Enumerable.Range(0, rows).Average(r => data[r * dimensions + d]) : 0).ToArray();
        var covariance = new double[dimensions, dimensions];
        for (var a = 0; a < dimensions; a++)
        {
            for (var b = 0; b < dimensions; b++)
            {
                covariance[a, b] = Enumerable.Range(0, rows).Sum(r => (data[r * dimensions + a] - means[a]) * (data[r * dimensions + b] - means[b])) / (rows - 1);
            }
        }
        return covariance;
    }

    // Cyclic Jacobi: rotate away every off-diagonal entry until the matrix is diagonal; the rotations' product holds the eigenvectors.
    private static Tensor LeadingEigenvectors(double[,] matrix, int count)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var vectors = new double[n, n];
        for (var i = 0; i < n; i++) vectors[i, i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-15) continue;
                    var theta = 0.5 * Math.Atan2(2 * a[p, q], a[q, q] - a[p, p]);
                    var (cos, sin) = (Math.Cos(theta), Math.Sin(theta));
                    for (var k = 0; k < n; k++)
                    {
                        var (akp, akq) = (a[k, p], a[k, q]);
                        (a[k, p], a[k, q]) = (cos * akp - sin * akq, sin * akp + cos * akq);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var (apk, aqk) = (a[p, k], a[q, k]);
                        (a[p, k], a[q, k]) = (cos * apk - sin * aqk, sin * apk + cos * aqk);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var (vkp, vkq) = (vectors[k, p], vectors[k, q]);
                        (vectors[k, p], vectors[k, q]) = (cos * vkp - sin * vkq, sin * vkp + cos * vkq);
                    }
                }
            }
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => a[i, i]).Take(count).ToArray();
        var leading = new float[count * n];
        for (var k = 0; k < count; k++)
        {
            for (var d = 0; d < n; d++) leading[k * n + d] = (float)vectors[d, order[k]];
        }
        return Tensor.FromArray(leading, count, n);
    }

    /// <summary>Each row times the sign of its largest entry in absolute value: v and -v become the same row.</summary>
    public static Tensor SignFixed(Tensor rows)
    {
        var values = rows.Contiguous().ToArray();
        var width = rows.Size(1);
        for (var r = 0; r < rows.Size(0); r++)
        {
            var row = values.AsSpan(r * width, width);
            var largest = 0f;
            foreach (var value in row) largest = Math.Abs(value) > Math.Abs(largest) ? value : largest;
            if (largest < 0) foreach (ref var value in row) value = -value;
        }
        return Tensor.FromArray(values, rows.Size(0), width);
    }
}

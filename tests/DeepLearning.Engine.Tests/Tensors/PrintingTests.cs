namespace DeepLearning.Tests.Tensors;

/// <summary>
/// ToString prints as PyTorch does (the rules of torch/_tensor_str.py), so a notebook's output can be read
/// against a PyTorch tutorial. Each expected string is what PyTorch prints for the same values.
/// </summary>
public class PrintingTests
{
    [Test]
    public void IntegerValuesPrintWithATrailingPoint() =>
        Assert.That(Tensor.FromArray(1f, 2f, 3f).ToString(), Is.EqualTo("tensor([1., 2., 3.])"));

    [Test]
    public void IntegerValuesAreRightAligned() =>
        Assert.That(Tensor.FromArray(-1f, 2f, 10f).ToString(), Is.EqualTo("tensor([-1.,  2., 10.])"));

    [Test]
    public void FractionsPrintWithFourDecimalsInAlignedColumns() =>
        Assert.That(Tensor.FromArray(new float[,] { { 1f, -2.5f }, { 3f, 4f } }).ToString(), Is.EqualTo(
            "tensor([[ 1.0000, -2.5000],\n" +
            "        [ 3.0000,  4.0000]])"));

    [Test]
    public void ZerosAmongFractionsUseTheSameFormat()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.FromArray(0f, 0.5f).ToString(), Is.EqualTo("tensor([0.0000, 0.5000])"));
            Assert.That(Tensor.Zeros(2).ToString(), Is.EqualTo("tensor([0., 0.])"));
            Assert.That(Tensor.FromArray(123.456f, 0.5f).ToString(), Is.EqualTo("tensor([123.4560,   0.5000])"));
        }
    }

    [Test]
    public void ScalarsPrintWithoutBrackets()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.Scalar(3.5f).ToString(), Is.EqualTo("tensor(3.5000)"));
            Assert.That(Tensor.Scalar(2f).ToString(), Is.EqualTo("tensor(2.)"));
            Assert.That(Tensor.Scalar(-0.25f).ToString(), Is.EqualTo("tensor(-0.2500)"));
        }
    }

    [Test]
    public void DigitsBeyondSevenSignificantAreTheFloatsOwn()
    {
        // The float nearest 1234.5678 is 1234.5677490234375; it must not be rounded to 7 digits first.
        Assert.That(Tensor.Scalar(1234.5678f).ToString(), Is.EqualTo("tensor(1234.5677)"));
    }

    [Test]
    public void FarApartMagnitudesSwitchToScientificNotation()
    {
        using (Assert.EnterMultipleScope())
        {
            // Smallest non-zero magnitude below 1e-4.
            Assert.That(Tensor.FromArray(1e-5f, 1f).ToString(), Is.EqualTo("tensor([1.0000e-05, 1.0000e+00])"));
            Assert.That(Tensor.FromArray(-1e-5f, 1f).ToString(), Is.EqualTo("tensor([-1.0000e-05,  1.0000e+00])"));
            // Largest over 1000 times the smallest, integers included.
            Assert.That(Tensor.FromArray(1f, 2000f).ToString(), Is.EqualTo("tensor([1.0000e+00, 2.0000e+03])"));
            Assert.That(Tensor.FromArray(0.001f, 10f).ToString(), Is.EqualTo("tensor([1.0000e-03, 1.0000e+01])"));
            // Above 1e8.
            Assert.That(Tensor.Scalar(123456789f).ToString(), Is.EqualTo("tensor(1.2346e+08)"));
            // Zeros do not count towards the ratio.
            Assert.That(Tensor.FromArray(0f, 10000f).ToString(), Is.EqualTo("tensor([    0., 10000.])"));
        }
    }

    [Test]
    public void NanAndInfinityArePaddedButDoNotWidenTheColumns()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.FromArray(1f, float.NaN, float.PositiveInfinity).ToString(), Is.EqualTo("tensor([1., nan, inf])"));
            Assert.That(Tensor.FromArray(1.5f, float.NaN, float.NegativeInfinity).ToString(), Is.EqualTo("tensor([1.5000,    nan,   -inf])"));
            Assert.That(Tensor.FromArray(float.NaN, float.NaN).ToString(), Is.EqualTo("tensor([nan, nan])"));
        }
    }

    [Test]
    public void ThreeDimensionsSeparateBlocksWithABlankLine() =>
        Assert.That(Tensor.Arange(8).Reshape(2, 2, 2).ToString(), Is.EqualTo(
            "tensor([[[0., 1.],\n" +
            "         [2., 3.]],\n" +
            "\n" +
            "        [[4., 5.],\n" +
            "         [6., 7.]]])"));

    [Test]
    public void AViewPrintsItsOwnElementOrder() =>
        Assert.That(Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }).T.ToString(), Is.EqualTo(
            "tensor([[1., 3.],\n" +
            "        [2., 4.]])"));

    [Test]
    public void LongRowsWrapAtEightyColumns() =>
        Assert.That(Tensor.Arange(30).ToString(), Is.EqualTo(
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n" +
            "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n" +
            "        28., 29.])"));

    [Test]
    public void MoreThanAThousandElementsShowOnlyTheEdges() =>
        Assert.That(Tensor.Ones(1001).ToString(), Is.EqualTo("tensor([1., 1., 1.,  ..., 1., 1., 1.])"));

    [Test]
    public void SummarizedMatrixElidesRowsAndColumns() =>
        Assert.That(Tensor.Ones(40, 30).ToString(), Is.EqualTo(
            "tensor([[1., 1., 1.,  ..., 1., 1., 1.],\n" +
            "        [1., 1., 1.,  ..., 1., 1., 1.],\n" +
            "        [1., 1., 1.,  ..., 1., 1., 1.],\n" +
            "        ...,\n" +
            "        [1., 1., 1.,  ..., 1., 1., 1.],\n" +
            "        [1., 1., 1.,  ..., 1., 1., 1.],\n" +
            "        [1., 1., 1.,  ..., 1., 1., 1.]])"));

    [Test]
    public void SummarizedFormatIsChosenFromTheShownValuesOnly()
    {
        // A hidden 1e6 in the middle would force scientific notation if it were counted.
        var t = Tensor.Arange(1001);
        t[500] = 1e6f;
        Assert.That(t.ToString(), Is.EqualTo("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])"));
    }

    [Test]
    public void SummarizedScientificRowWraps() =>
        Assert.That(Tensor.Arange(2000).ToString(), Is.EqualTo(
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n" +
            "        1.9990e+03])"));

    [Test]
    public void EmptyTensorsPrintTheirShapeUnlessOneDimensional()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.Zeros(0).ToString(), Is.EqualTo("tensor([])"));
            Assert.That(Tensor.Zeros(2, 0).ToString(), Is.EqualTo("tensor([], size=(2, 0))"));
        }
    }

    [Test]
    public void RequiresGradAndGradFnAreShownAfterTheValues()
    {
        var leaf = Tensor.FromArray(1f, 2f).RequireGrad();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(leaf.ToString(), Is.EqualTo("tensor([1., 2.], requires_grad=True)"));
            // The engine names the op ("mul") where PyTorch names its backward class ("MulBackward0").
            Assert.That((leaf * 2f).ToString(), Is.EqualTo("tensor([2., 4.], grad_fn=<mul>)"));
            Assert.That(leaf.Sum().ToString(), Is.EqualTo("tensor(3., grad_fn=<sum>)"));
            Assert.That(leaf.Detach().ToString(), Is.EqualTo("tensor([1., 2.])"));
        }
    }

    [Test]
    public void ASuffixThatWouldPassTheLineWidthGoesOnItsOwnLine() =>
        Assert.That(Tensor.Arange(14).RequireGrad().ToString(), Is.EqualTo(
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.],\n" +
            "       requires_grad=True)"));
}

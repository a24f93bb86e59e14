using NUnit.Framework.Constraints;

namespace DeepLearning.Tests;

/// <summary>
/// Every error a student can run into names the op, the shapes and the offending number, so the message
/// alone says what went wrong. These pin the exact text.
/// </summary>
public class ErrorMessageTests
{
    private static IResolveConstraint ArgumentError(string message) =>
        Throws.ArgumentException.With.Message.EqualTo(message);

    private static IResolveConstraint IndexError(string message) =>
        Throws.TypeOf<IndexOutOfRangeException>().With.Message.EqualTo(message);

    private static IResolveConstraint StateError(string message) =>
        Throws.InvalidOperationException.With.Message.EqualTo(message);

    [Test]
    public void MatMulInnerDimensionMismatch() =>
        Assert.That(() => Tensor.Zeros(3, 4).MatMul(Tensor.Zeros(5, 2)),
            ArgumentError("matmul: (3,4) @ (5,2): inner dimensions 4 and 5 differ"));

    [Test]
    public void MatMulOfVectorsReportsTheShapesAsGiven() =>
        Assert.That(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(4)),
            ArgumentError("matmul: (3) @ (4): inner dimensions 3 and 4 differ"));

    [Test]
    public void MatMulBatchAxesMismatch() =>
        Assert.That(() => Tensor.Zeros(2, 3, 4).MatMul(Tensor.Zeros(5, 4, 2)),
            ArgumentError("matmul: (2,3,4) @ (5,4,2): batch axes: shapes (2) and (5) cannot be broadcast: axis 0 has sizes 2 and 5, and neither is 1"));

    [Test]
    public void MatMulOfAScalar() =>
        Assert.That(() => Tensor.Scalar(2f).MatMul(Tensor.Zeros(3)),
            ArgumentError("matmul: () @ (3): both operands need at least one axis"));

    [Test]
    public void BroadcastingMismatch() =>
        Assert.That(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4),
            ArgumentError("add: shapes (2,3) and (4) cannot be broadcast: axis 1 has sizes 3 and 4, and neither is 1"));

    [Test]
    public void BroadcastingMismatchNamesTheOp() =>
        Assert.That(() => Tensor.Zeros(2, 3) * Tensor.Zeros(3, 2),
            ArgumentError("mul: shapes (2,3) and (3,2) cannot be broadcast: axis 1 has sizes 3 and 2, and neither is 1"));

    private static IEnumerable<TestCaseData> InvalidAxisCases()
    {
        var matrix = Tensor.Zeros(2, 3);
        yield return Case("sum", () => matrix.Sum(2), "sum: axis 2 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("mean", () => matrix.Mean(-3), "mean: axis -3 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("max", () => matrix.Max(5), "max: axis 5 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("argmax", () => matrix.ArgMax(2), "argmax: axis 2 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("logsumexp", () => matrix.LogSumExp(2), "logsumexp: axis 2 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("transpose", () => matrix.Transpose(0, 3), "transpose: axis 3 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("squeeze", () => matrix.Squeeze(2), "squeeze: axis 2 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("unsqueeze", () => matrix.Unsqueeze(4), "unsqueeze: axis 4 is out of range for shape (2,3) (valid axes are -3..2)");
        yield return Case("slice", () => matrix.Slice(2, 0, 1), "slice: axis 2 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("concat", () => Tensor.Concat([matrix, matrix], 2), "concat: axis 2 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("index_select", () => matrix.IndexSelect(2, [0]), "index_select: axis 2 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("gather", () => matrix.Gather(-3, [0]), "gather: axis -3 is out of range for shape (2,3) (valid axes are -2..1)");
        yield return Case("scalar", () => Tensor.Scalar(1f).Sum(0), "sum: axis 0 is out of range for shape () (a scalar has no axes)");

        static TestCaseData Case(string name, TestDelegate action, string message) =>
            new TestCaseData(action, message).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(InvalidAxisCases))]
    public void InvalidAxisNamesOpAxisAndShape(TestDelegate action, string message) =>
        Assert.That(action, ArgumentError(message));

    [Test]
    public void RepeatedAxis() =>
        Assert.That(() => Tensor.Zeros(2, 3).Sum([0, -2]),
            ArgumentError("sum: axes (0,-2) name axis 0 more than once (shape (2,3))"));

    [Test]
    public void SqueezeOfAnAxisThatIsNotOne() =>
        Assert.That(() => Tensor.Zeros(2, 3).Squeeze(0),
            ArgumentError("squeeze: axis 0 of shape (2,3) has size 2, not 1"));

    [Test]
    public void IndexerOutOfRange() =>
        Assert.That(() => Tensor.Zeros(2, 3)[0, 3],
            IndexError("index: index 3 is out of range for axis 1 of size 3 (shape (2,3))"));

    [Test]
    public void IndexerNegativeOutOfRange() =>
        Assert.That(() => Tensor.Zeros(2, 3)[-3, 0],
            IndexError("index: index -3 is out of range for axis 0 of size 2 (shape (2,3))"));

    [Test]
    public void IndexerWithTheWrongNumberOfIndices() =>
        Assert.That(() => Tensor.Zeros(2, 3)[1],
            ArgumentError("index: 1 indices given for a tensor of shape (2,3)"));

    [Test]
    public void IndexSelectOutOfRange() =>
        Assert.That(() => Tensor.Zeros(3, 2).IndexSelect(0, [1, 5]),
            IndexError("index_select: index 5 (at position 1) is out of range for axis 0 of size 3 (shape (3,2))"));

    [Test]
    public void GatherOutOfRange() =>
        Assert.That(() => Tensor.Zeros(2, 3).Gather(1, [0, 3]),
            IndexError("gather: index 3 (at position 1) is out of range for axis 1 of size 3 (shape (2,3))"));

    [Test]
    public void GatherWithTheWrongNumberOfIndices() =>
        Assert.That(() => Tensor.Zeros(2, 3).Gather(1, [0, 1, 2]),
            ArgumentError("gather: shape (2,3) along axis 1 needs 2 indices (one for each position of shape (2,1)), got 3"));

    [Test]
    public void ReshapeToTheWrongElementCount() =>
        Assert.That(() => Tensor.Zeros(2, 3).Reshape(4, 2),
            ArgumentError("reshape: cannot reshape (2,3) (6 elements) into (4,2) (8 elements)"));

    [Test]
    public void ReshapeWithAnInferredSizeThatDoesNotDivide() =>
        Assert.That(() => Tensor.Zeros(2, 3).Reshape(4, -1),
            ArgumentError("reshape: cannot reshape (2,3) (6 elements) into (4,-1)"));

    [Test]
    public void ReshapeWithTwoInferredSizes() =>
        Assert.That(() => Tensor.Zeros(2, 3).Reshape(-1, -1),
            ArgumentError("reshape: only one size can be inferred (-1), got (-1,-1)"));

    [Test]
    public void ViewOfANonContiguousTensor() =>
        Assert.That(() => Tensor.Zeros(2, 3).T.View(6),
            StateError("view: a tensor of shape (3,2) with strides (1,3) is not contiguous; call Contiguous() or use Reshape()"));

    [Test]
    public void PermuteWithARepeatedAxis() =>
        Assert.That(() => Tensor.Zeros(2, 3).Permute(0, 0),
            ArgumentError("permute: (0,0) is not a permutation of the axes 0..1"));

    [Test]
    public void PermuteWithTheWrongNumberOfAxes() =>
        Assert.That(() => Tensor.Zeros(2, 3).Permute(0),
            ArgumentError("permute: (0) names 1 axes, but shape (2,3) has 2"));

    [Test]
    public void ExpandOfAnAxisThatIsNotOne() =>
        Assert.That(() => Tensor.Zeros(2, 3).Expand(4, 3),
            ArgumentError("expand: shapes (2,3) and (4,3) cannot be broadcast: axis 0 has sizes 2 and 4, and neither is 1"));

    [Test]
    public void ExpandToFewerAxes() =>
        Assert.That(() => Tensor.Zeros(3, 1).Expand(3),
            ArgumentError("expand: shape (3,1) cannot be expanded to (3)"));

    [Test]
    public void ConcatOfMismatchedShapes() =>
        Assert.That(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)], 0),
            ArgumentError("concat: tensor 1 has shape (2,4), which does not fit tensor 0's (2,3) along axis 0 (all other axes must match)"));

    [Test]
    public void ConcatOfNothing() =>
        Assert.That(() => Tensor.Concat([]), ArgumentError("concat: needs at least one tensor"));

    [Test]
    public void StackOfMismatchedShapes() =>
        Assert.That(() => Tensor.Stack([Tensor.Zeros(2), Tensor.Zeros(3)]),
            ArgumentError("stack: tensor 1 has shape (3), but tensor 0 has (2); all must match"));

    [Test]
    public void ItemOfAMultiElementTensor() =>
        Assert.That(() => Tensor.Zeros(2).Item(),
            StateError("item: only a tensor with exactly one element has an item value; this one has shape (2) (2 elements)"));

    [Test]
    public void FromArrayWithTheWrongLength() =>
        Assert.That(() => Tensor.FromArray([1f, 2f, 3f], 2, 2),
            ArgumentError("from_array: 3 values do not fill shape (2,2) (4 elements)"));

    [Test]
    public void NegativeSize() =>
        Assert.That(() => Tensor.Zeros(2, -1), ArgumentError("zeros: shape (2,-1) has a negative size"));

    [Test]
    public void TransposeShorthandOfANonMatrix() =>
        Assert.That(() => Tensor.Zeros(2, 3, 4).T,
            StateError("T: expects a 2-D tensor, got shape (2,3,4); use Transpose(a, b) or Permute"));

    [Test]
    public void ArangeWithStepZero() =>
        Assert.That(() => Tensor.Arange(0, 5, 0), ArgumentError("arange: step must be a non-zero number, got 0"));

    [Test]
    public void SliceWithStepZero() =>
        Assert.That(() => Tensor.Zeros(4).Slice(0, 0, 4, 0), ArgumentError("slice: step must be positive, got 0"));

    [Test]
    public void ArgMaxAlongAnEmptyAxis() =>
        Assert.That(() => Tensor.Zeros(2, 0).ArgMax(1), ArgumentError("argmax: axis 1 of shape (2,0) is empty"));

    [Test]
    public void MaxOfAnEmptyTensor() =>
        Assert.That(() => Tensor.Zeros(0).Max(), ArgumentError("max: cannot take the maximum of an empty tensor of shape (0)"));

    [Test]
    public void NextIntWithANonPositiveBound() =>
        Assert.That(() => new Generator(1).NextInt(0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("bound"));
}

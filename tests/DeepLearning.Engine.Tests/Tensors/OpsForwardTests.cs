using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.Tensors;

/// <summary>Forward values of the tensor ops, against numbers worked out by hand.</summary>
[OnEveryBackend]
public class OpsForwardTests(IBackend backend) : BackendFixture(backend)
{
    private const float Tolerance = 1e-6f;

    private static Tensor Matrix(int rows, int columns) => Tensor.Arange(rows * columns).Reshape(rows, columns);

    [Test]
    public void ElementwiseBinaryOps()
    {
        var a = Tensor.FromArray(6f, -2f, 1f);
        var b = Tensor.FromArray(3f, 4f, -0.5f);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((a + b).ToArray(), Is.EqualTo(new[] { 9f, 2f, 0.5f }));
            Assert.That((a - b).ToArray(), Is.EqualTo(new[] { 3f, -6f, 1.5f }));
            Assert.That((a * b).ToArray(), Is.EqualTo(new[] { 18f, -8f, -0.5f }));
            Assert.That((a / b).ToArray(), Is.EqualTo(new[] { 2f, -0.5f, -2f }));
            Assert.That((2f - a).ToArray(), Is.EqualTo(new[] { -4f, 4f, 1f }));
            Assert.That((12f / a).ToArray(), Is.EqualTo(new[] { 2f, -6f, 12f }));
            Assert.That((-a).ToArray(), Is.EqualTo(new[] { -6f, 2f, -1f }));
        }
    }

    [Test]
    public void ElementwiseUnaryOps()
    {
        var x = Tensor.FromArray(-2f, 0f, 0.5f, 4f);
        var positive = Tensor.FromArray(0.25f, 1f, 4f);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(x.Relu().ToArray(), Is.EqualTo(new[] { 0f, 0f, 0.5f, 4f }));
            Assert.That(x.Abs().ToArray(), Is.EqualTo(new[] { 2f, 0f, 0.5f, 4f }));
            Assert.That(x.Pow(2).ToArray(), Is.EqualTo(new[] { 4f, 0f, 0.25f, 16f }));
            Assert.That(x.Exp().ToArray(), Is.EqualTo(new[] { Math.Exp(-2), 1, Math.Exp(0.5), Math.Exp(4) }).Within(1e-4).Percent);
            Assert.That(x.Tanh().ToArray(), Is.EqualTo(new[] { Math.Tanh(-2), 0, Math.Tanh(0.5), Math.Tanh(4) }).Within(Tolerance));
            Assert.That(x.Sigmoid().ToArray(), Is.EqualTo(new[] { 1 / (1 + Math.Exp(2)), 0.5, 1 / (1 + Math.Exp(-0.5)), 1 / (1 + Math.Exp(-4)) }).Within(Tolerance));
            Assert.That(positive.Log().ToArray(), Is.EqualTo(new[] { Math.Log(0.25), 0, Math.Log(4) }).Within(Tolerance));
            Assert.That(positive.Sqrt().ToArray(), Is.EqualTo(new[] { 0.5f, 1f, 2f }));
        }
    }

    [Test]
    public void SigmoidDoesNotOverflowForLargeInputs()
    {
        var s = Tensor.FromArray(-1000f, 1000f).Sigmoid().ToArray();
        Assert.That(s, Is.EqualTo(new[] { 0f, 1f }));
    }

    [Test]
    public void BroadcastingFollowsNumPyRules()
    {
        // (8,1,6) + (7,1) → (8,7,6): align at the right, size-1 axes stretch, missing axes count as 1.
        var a = Tensor.Arange(48).Reshape(8, 1, 6);
        var b = Tensor.Arange(7).Reshape(7, 1) * 100f;
        var c = a + b;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Shape, Is.EqualTo(new[] { 8, 7, 6 }));
            Assert.That(c[0, 0, 0], Is.EqualTo(0f));
            Assert.That(c[2, 3, 4], Is.EqualTo(2 * 6 + 4 + 300f));
            Assert.That(c[7, 6, 5], Is.EqualTo(47 + 600f));
        }
    }

    [Test]
    public void BroadcastingAgainstAScalarAndAcrossViews()
    {
        var m = Matrix(2, 3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((m + 1f).ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f, 4f, 5f, 6f }));
            // A transposed (non-contiguous) operand is read through its strides.
            Assert.That((m.T + Tensor.FromArray(10f, 20f)).ToArray(), Is.EqualTo(new[] { 10f, 23f, 11f, 24f, 12f, 25f }));
            Assert.That((m.T * m.T).ToArray(), Is.EqualTo(new[] { 0f, 9f, 1f, 16f, 4f, 25f }));
        }
    }

    [Test]
    public void SumOverAxesWithAndWithoutKeepDims()
    {
        var m = Matrix(2, 3); // [[0,1,2],[3,4,5]]
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.Sum().Item(), Is.EqualTo(15f));
            Assert.That(m.Sum().Shape, Is.Empty);
            Assert.That(m.Sum(0).ToArray(), Is.EqualTo(new[] { 3f, 5f, 7f }));
            Assert.That(m.Sum(1).ToArray(), Is.EqualTo(new[] { 3f, 12f }));
            Assert.That(m.Sum(-1, keepDims: true).Shape, Is.EqualTo(new[] { 2, 1 }));
            Assert.That(m.Sum(0, keepDims: true).Shape, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(Tensor.Ones(2, 3, 4).Sum([0, 2]).ToArray(), Is.EqualTo(new[] { 8f, 8f, 8f }));
            Assert.That(Tensor.Ones(2, 3, 4).Sum([0, 2], keepDims: true).Shape, Is.EqualTo(new[] { 1, 3, 1 }));
            Assert.That(m.T.Sum(0).ToArray(), Is.EqualTo(new[] { 3f, 12f }));
        }
    }

    [Test]
    public void MeanDividesByTheNumberOfReducedElements()
    {
        var m = Matrix(2, 3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.Mean().Item(), Is.EqualTo(2.5f));
            Assert.That(m.Mean(1).ToArray(), Is.EqualTo(new[] { 1f, 4f }));
            Assert.That(m.Mean(0, keepDims: true).ToArray(), Is.EqualTo(new[] { 1.5f, 2.5f, 3.5f }));
        }
    }

    [Test]
    public void MaxAndArgMax()
    {
        var m = Tensor.FromArray(new float[,] { { 1, 7, 3 }, { 9, -2, 9 } });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.Max().Item(), Is.EqualTo(9f));
            Assert.That(m.Max(0).ToArray(), Is.EqualTo(new[] { 9f, 7f, 9f }));
            Assert.That(m.Max(1, keepDims: true).Shape, Is.EqualTo(new[] { 2, 1 }));
            Assert.That(m.ArgMax(1).ToArray(), Is.EqualTo(new[] { 1f, 0f }), "row 1 ties at 0 and 2: the first wins");
            Assert.That(m.ArgMax(0).ToArray(), Is.EqualTo(new[] { 1f, 0f, 1f }));
            Assert.That(m.ArgMax(-1, keepDims: true).Shape, Is.EqualTo(new[] { 2, 1 }));
            Assert.That(Tensor.FromArray(-5f, -5f, -5f).ArgMax(0).Item(), Is.Zero);
        }
    }

    [Test]
    public void ArgMaxAlongTheMiddleAxisOfThreeDimensions()
    {
        // x[i, j, k] = (j == 2 - k) ? 1 : 0, so along axis 1 the maximum of column k is at j = 2 - k.
        var x = Tensor.Zeros(2, 3, 3);
        for (var i = 0; i < 2; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                x[i, 2 - k, k] = 1f;
            }
        }
        var arg = x.ArgMax(1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(arg.Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(arg.ToArray(), Is.EqualTo(new[] { 2f, 1f, 0f, 2f, 1f, 0f }));
        }
    }

    [Test]
    public void LogSumExpIsStableForLargeInputs()
    {
        // Naively e^1000 overflows; m + log Σ e^(x-m) gives 1000 + ln 2.
        var large = Tensor.FromArray(1000f, 1000f).LogSumExp();
        var rows = Tensor.FromArray(new float[,] { { 0, 0 }, { -1000, -1000 }, { 1, 2 } }).LogSumExp(1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(large.Item(), Is.EqualTo(1000 + Math.Log(2)).Within(1e-3));
            Assert.That(large.Shape, Is.Empty);
            Assert.That(rows.ToArray(), Is.EqualTo(new[] { Math.Log(2), -1000 + Math.Log(2), 2 + Math.Log(1 + Math.Exp(-1)) }).Within(1e-4));
            Assert.That(Tensor.Zeros(2, 3).LogSumExp(1, keepDims: true).Shape, Is.EqualTo(new[] { 2, 1 }));
        }
    }

    [Test]
    public void LogSumExpOfAllNegativeInfinityIsNegativeInfinity()
    {
        // log Σ e^-inf = log 0; the shift must not turn this into NaN (-inf - -inf).
        var result = Tensor.FromArray(float.NegativeInfinity, float.NegativeInfinity).LogSumExp();
        Assert.That(float.IsNegativeInfinity(result.Item()), Is.True);
    }

    [Test]
    public void MatMulOfMatrices()
    {
        // [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
        var a = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.FromArray(new float[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });
        var c = a.MatMul(b);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Shape, Is.EqualTo(new[] { 2, 2 }));
            Assert.That(c.ToArray(), Is.EqualTo(new[] { 58f, 64f, 139f, 154f }));
            // Transposed (strided) operands give the same product as their contiguous copies.
            Assert.That(b.T.MatMul(a.T).ToArray(), Is.EqualTo(new[] { 58f, 139f, 64f, 154f }));
        }
    }

    [Test]
    public void MatMulWithVectors()
    {
        var m = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var v2 = Tensor.FromArray(1f, -1f);
        var v3 = Tensor.FromArray(1f, 0f, 2f);
        using (Assert.EnterMultipleScope())
        {
            // A 2-D @ 1-D: the vector is a column, and its axis is removed again: shape (3).
            Assert.That(m.MatMul(v2).Shape, Is.EqualTo(new[] { 3 }));
            Assert.That(m.MatMul(v2).ToArray(), Is.EqualTo(new[] { -1f, -1f, -1f }));
            // 1-D @ 2-D: the vector is a row: shape (2).
            Assert.That(v3.MatMul(m).ToArray(), Is.EqualTo(new[] { 11f, 14f }));
            // 1-D @ 1-D: the dot product, shape ().
            Assert.That(v3.MatMul(v3).Shape, Is.Empty);
            Assert.That(v3.MatMul(v3).Item(), Is.EqualTo(5f));
        }
    }

    [Test]
    public void BatchedMatMulMultipliesEachMatrixOfTheBatch()
    {
        // Batch 0 is the identity, batch 1 is twice the identity.
        var batch = Tensor.Stack([Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 } }), Tensor.FromArray(new float[,] { { 2, 0 }, { 0, 2 } })]);
        var m = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var product = batch.MatMul(m);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(product.Shape, Is.EqualTo(new[] { 2, 2, 3 }));
            Assert.That(product.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f, 4f, 5f, 6f, 2f, 4f, 6f, 8f, 10f, 12f }));
        }
    }

    [Test]
    public void ABatchTimesAMatrixWithAnEmptyInnerDimensionGivesZeros()
    {
        // (2, 3, 0) @ (0, 4): folded into one (6, 0) @ (0, 4) product, whose sums are empty.
        var product = Tensor.Zeros(2, 3, 0).MatMul(Tensor.Zeros(0, 4));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(product.Shape, Is.EqualTo(new[] { 2, 3, 4 }));
            Assert.That(product.ToArray(), Has.All.EqualTo(0f));
        }
    }

    [Test]
    public void MatMulBroadcastsBatchAxes()
    {
        // (2,1,2,3) @ (3,3,2) → (2,3,2,2), and each block is the product of its own pair.
        var a = Tensor.Randn([2, 1, 2, 3], new Generator(1));
        var b = Tensor.Randn([3, 3, 2], new Generator(2));
        var c = a.MatMul(b);
        Assert.That(c.Shape, Is.EqualTo(new[] { 2, 3, 2, 2 }));
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var block = a.Slice(0, i, i + 1).Reshape(2, 3).MatMul(b.Slice(0, j, j + 1).Reshape(3, 2));
                var actual = c.Slice(0, i, i + 1).Slice(1, j, j + 1).Reshape(2, 2);
                Assert.That(actual.ToArray(), Is.EqualTo(block.ToArray()).Within(Tolerance), $"block ({i},{j})");
            }
        }
    }

    [Test]
    public void GatherPicksOneElementPerRow()
    {
        var logits = Tensor.FromArray(new float[,] { { 10, 11, 12 }, { 20, 21, 22 } });
        var picked = logits.Gather(1, [2, 0]);
        var down = logits.Gather(0, [1, 0, 1]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(picked.Shape, Is.EqualTo(new[] { 2, 1 }));
            Assert.That(picked.ToArray(), Is.EqualTo(new[] { 12f, 20f }));
            Assert.That(down.Shape, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(down.ToArray(), Is.EqualTo(new[] { 20f, 11f, 22f }));
            Assert.That(logits.T.Gather(1, [1, 0, 1]).ToArray(), Is.EqualTo(new[] { 20f, 11f, 22f }));
        }
    }

    [Test]
    public void IndexSelectPicksWholeSlicesAndMayRepeat()
    {
        var table = Matrix(3, 2); // [[0,1],[2,3],[4,5]]
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.IndexSelect(0, [2, 0, 2]).ToArray(), Is.EqualTo(new[] { 4f, 5f, 0f, 1f, 4f, 5f }));
            Assert.That(table.IndexSelect(1, [1]).ToArray(), Is.EqualTo(new[] { 1f, 3f, 5f }));
            Assert.That(table.IndexSelect(0, []).Shape, Is.EqualTo(new[] { 0, 2 }));
        }
    }

    [Test]
    public void ConcatJoinsAlongAnExistingAxis()
    {
        var a = Matrix(2, 2);
        var b = Tensor.Ones(2, 1);
        var c = Tensor.Concat([a, b], 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(c.ToArray(), Is.EqualTo(new[] { 0f, 1f, 1f, 2f, 3f, 1f }));
            Assert.That(Tensor.Concat([a, a.T], 0).ToArray(), Is.EqualTo(new[] { 0f, 1f, 2f, 3f, 0f, 2f, 1f, 3f }));
        }
    }

    [Test]
    public void StackJoinsAlongANewAxis()
    {
        var a = Tensor.FromArray(1f, 2f);
        var b = Tensor.FromArray(3f, 4f);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.Stack([a, b]).Shape, Is.EqualTo(new[] { 2, 2 }));
            Assert.That(Tensor.Stack([a, b]).ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
            Assert.That(Tensor.Stack([a, b], 1).ToArray(), Is.EqualTo(new[] { 1f, 3f, 2f, 4f }));
            Assert.That(Tensor.Stack([a, b], -1).Shape, Is.EqualTo(new[] { 2, 2 }));
        }
    }
}

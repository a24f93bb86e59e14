using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// Matrix products of every kind torch.matmul accepts: matrices, batches, broadcast batch axes, and the
/// vector cases whose added axis is removed again, with operands in every storage layout.
/// </summary>
[OnEveryBackend]
public class MatMulGradientTests(IBackend backend) : BackendFixture(backend)
{
    public static readonly MatMulCase[] Cases =
    [
        new([3, 4], [4, 2]),
        new([1, 1], [1, 1]),
        new([2, 3, 4], [2, 4, 5]),
        new([2, 1, 3, 4], [5, 4, 2]),
        new([2, 3, 4], [4, 2]),
        new([2, 2, 3, 4], [4, 2]),
        new([3, 4], [2, 4, 2]),
        new([4], [4, 3]),
        new([3, 4], [4]),
        new([4], [4]),
        new([4], [2, 4, 3]),
        new([2, 3, 4], [4]),
    ];

    [Test]
    public void MatMul([ValueSource(nameof(Cases))] MatMulCase shapes, [Values] Layout layout)
    {
        var generators = new TensorGenerators(1);
        var a = generators.Create(shapes.Left, Distribution.Normal, layout);
        var b = generators.Create(shapes.Right, Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].MatMul(inputs[1]), a, b);
    }

    [Test]
    public void ProductWithTransposedOperands()
    {
        // A^T B^T, where the transposes are recorded ops rather than views made up front.
        var generators = new TensorGenerators(2);
        var a = generators.Create([4, 3]);
        var b = generators.Create([2, 4]);

        GradientChecker.Check(inputs => inputs[0].T.MatMul(inputs[1].T), a, b);
    }

    [Test]
    public void BatchedProductWithTransposedLastAxes()
    {
        var generators = new TensorGenerators(3);
        var a = generators.Create([2, 4, 3]);
        var b = generators.Create([2, 5, 4]);

        GradientChecker.Check(inputs => inputs[0].Transpose(-1, -2).MatMul(inputs[1].Transpose(1, 2)), a, b);
    }

    [Test]
    public void GramMatrixOfOneOperand()
    {
        // X X^T: the same input on both sides, so the two gradient paths add.
        var x = new TensorGenerators(4).Create([3, 4], layout: Layout.Strided);

        GradientChecker.Check(inputs => inputs[0].MatMul(inputs[0].T), x);
    }

    [Test]
    public void RandomShapesWithBroadcastBatchAxes([Values] Layout layout)
    {
        var generators = new TensorGenerators(5);
        for (var i = 0; i < 4; i++)
        {
            var (batchLeft, batchRight) = generators.BroadcastShapes(maxRank: 2);
            var (m, k, n) = (1 + i % 3, 2 + i % 2, 3 - i % 3);
            var a = generators.Create([.. batchLeft, m, k], Distribution.Normal, layout);
            var b = generators.Create([.. batchRight, k, n], Distribution.Normal, layout);
            GradientChecker.Check(inputs => inputs[0].MatMul(inputs[1]), a, b);
        }
    }

    /// <summary>A pair of operand shapes; the name shows in the test list.</summary>
    public sealed record MatMulCase(int[] Left, int[] Right)
    {
        public override string ToString() => $"{Shapes.Format(Left)}@{Shapes.Format(Right)}";
    }
}

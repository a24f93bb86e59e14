using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// Ops that only re-describe storage (and Contiguous / Clone, which copy it). Their backward must route
/// every gradient element back to the position it came from; the random weighting of the checker makes
/// a gradient that lands in the wrong place fail.
/// </summary>
[OnEveryBackend]
public class ViewGradientTests(IBackend backend) : BackendFixture(backend)
{
    private const int ShapesPerLayout = 4;

    [Test]
    public void ReshapeToReversedShape([Values] Layout layout) =>
        CheckOnRandomShapes(x => x.Reshape(Enumerable.Reverse(x.Shape).ToArray()), layout, seed: 1);

    [Test]
    public void ReshapeWithAnInferredSize([Values] Layout layout) =>
        CheckOnRandomShapes(x => x.Reshape(-1, x.Rank == 0 ? 1 : x.Size(-1)), layout, seed: 2);

    [Test]
    public void ViewOfAContiguousTensor()
    {
        var x = new TensorGenerators(3).Create([2, 3, 2]);

        GradientChecker.Check(inputs => inputs[0].View(3, 4), x);
    }

    [Test]
    public void ViewOfAContiguousSliceWithAnOffset()
    {
        var rows = Tensor.Randn([4, 6], new Generator(4)).Slice(0, 1, 3);

        GradientChecker.Check(inputs => inputs[0].View(3, 2, 2), rows);
    }

    [Test]
    public void Flatten([Values] Layout layout) => CheckOnRandomShapes(x => x.Flatten(), layout, seed: 5);

    [Test]
    public void Transpose([Values] Layout layout)
    {
        var generators = new TensorGenerators(6);
        foreach (var shape in generators.RandomShapes(ShapesPerLayout, minRank: 1))
        {
            var axes = generators.RandomAxes(shape.Length);
            var (axis0, axis1) = (axes[0], axes[^1]);
            var x = generators.Create(shape, Distribution.Normal, layout);
            GradientChecker.Check(inputs => inputs[0].Transpose(axis0, axis1), x);
        }
    }

    [Test]
    public void Permute([Values] Layout layout)
    {
        var generators = new TensorGenerators(7);
        var orders = new Generator(7);
        foreach (var shape in generators.RandomShapes(ShapesPerLayout, minRank: 1))
        {
            var order = orders.Permutation(shape.Length).Select(axis => axis - shape.Length).ToArray();
            var x = generators.Create(shape, Distribution.Normal, layout);
            GradientChecker.Check(inputs => inputs[0].Permute(order), x);
        }
    }

    [Test]
    public void MatrixTranspose([Values] Layout layout) => CheckOnRandomShapes(x => x.T, layout, seed: 8, minRank: 2, maxRank: 2);

    [Test]
    public void Slice(
        [Values(0, -1)] int axis,
        [Values(0, 1, -3)] int start,
        [Values(int.MaxValue, -1)] int end,
        [Values(1, 2, 3)] int step,
        [Values] Layout layout)
    {
        var x = new TensorGenerators(9).Create([5, 6], Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].Slice(axis, start, end, step), x);
    }

    [Test]
    public void SliceOfASliceThroughAnOp([Values] Layout layout)
    {
        // Two slices of one tensor that overlap, combined: the gradients of the overlap must add.
        var x = new TensorGenerators(10).Create([4, 6], Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].Slice(1, 0, 4) * inputs[0].Slice(1, 2, 6).Slice(0, -4, 4, 1), x);
    }

    [Test]
    public void Expand([Values] Layout layout)
    {
        var generators = new TensorGenerators(11);
        for (var i = 0; i < ShapesPerLayout; i++)
        {
            var full = generators.RandomShape();
            var x = generators.Create(generators.BroadcastableTo(full), Distribution.Normal, layout);
            GradientChecker.Check(inputs => inputs[0].Expand(full), x);
        }
    }

    [Test]
    public void Unsqueeze([Values] Layout layout)
    {
        var generators = new TensorGenerators(12);
        var positions = new Generator(12);
        foreach (var shape in generators.RandomShapes(ShapesPerLayout))
        {
            var position = positions.NextInt(2 * shape.Length + 2) - shape.Length - 1;
            var x = generators.Create(shape, Distribution.Normal, layout);
            GradientChecker.Check(inputs => inputs[0].Unsqueeze(position), x);
        }
    }

    [Test]
    public void SqueezeOneAxis([Values(0, 2, -1)] int axis, [Values] Layout layout)
    {
        var shape = new[] { 3, 4, 2 };
        shape[axis < 0 ? axis + shape.Length : axis] = 1;
        var x = new TensorGenerators(13).Create(shape, Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].Squeeze(axis), x);
    }

    [Test]
    public void SqueezeAllAxes([Values] Layout layout)
    {
        var x = new TensorGenerators(14).Create([1, 3, 1, 2, 1], Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].Squeeze(), x);
    }

    [Test]
    public void Contiguous([Values] Layout layout) => CheckOnRandomShapes(x => x.Contiguous(), layout, seed: 15);

    [Test]
    public void Clone([Values] Layout layout) => CheckOnRandomShapes(x => x.Clone(), layout, seed: 16);

    [Test]
    public void ChainOfViews([Values] Layout layout) =>
        CheckOnRandomShapes(x =>
        {
            var flat = x.Unsqueeze(0).Transpose(0, -1).Slice(0, 0, int.MaxValue, step: 2).Flatten();
            return flat.Unsqueeze(0).Expand(3, flat.Size(0));
        }, layout, seed: 17, minRank: 1);

    private static void CheckOnRandomShapes(Func<Tensor, Tensor> op, Layout layout, ulong seed, int minRank = 0, int maxRank = 4)
    {
        var generators = new TensorGenerators(seed);
        foreach (var shape in generators.RandomShapes(ShapesPerLayout, minRank, maxRank))
        {
            var x = generators.Create(shape, Distribution.Normal, layout);
            GradientChecker.Check(inputs => op(inputs[0]), x);
        }
    }
}

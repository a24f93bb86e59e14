using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// Concat and Stack: each input owns a block of the output, and its gradient is the matching block of
/// the output's gradient.
/// </summary>
[OnEveryBackend]
public class JoinGradientTests(IBackend backend) : BackendFixture(backend)
{
    [Test]
    public void ConcatOfDifferentSizesAlongTheAxis([Values(0, 1, 2, -1, -3)] int axis, [Values] Layout layout)
    {
        var generators = new TensorGenerators(1);
        var shape = new[] { 2, 3, 2 };
        var normalized = axis < 0 ? axis + shape.Length : axis;
        var parts = new[] { 1, 3, 2 }.Select(size =>
        {
            var partShape = (int[])shape.Clone();
            partShape[normalized] = size;
            return generators.Create(partShape, Distribution.Normal, layout);
        }).ToArray();

        GradientChecker.Check(inputs => Tensor.Concat(inputs, axis), parts);
    }

    [Test]
    public void ConcatOfOneTensor([Values] Layout layout)
    {
        var x = new TensorGenerators(2).Create([3, 2], Distribution.Normal, layout);

        GradientChecker.Check(inputs => Tensor.Concat(inputs, 1), x);
    }

    [Test]
    public void ConcatOfRandomShapes([Values] Layout layout)
    {
        var generators = new TensorGenerators(3);
        var sizes = new Generator(3);
        foreach (var shape in generators.RandomShapes(4, minRank: 1))
        {
            var axis = generators.RandomAxes(shape.Length)[0];
            var otherShape = (int[])shape.Clone();
            otherShape[axis < 0 ? axis + shape.Length : axis] = 1 + sizes.NextInt(3);
            var a = generators.Create(shape, Distribution.Normal, layout);
            var b = generators.Create(otherShape, Distribution.Normal, layout);
            GradientChecker.Check(inputs => Tensor.Concat(inputs, axis), a, b);
        }
    }

    [Test]
    public void Stack([Values(0, 1, 2, -1)] int axis, [Values] Layout layout)
    {
        var generators = new TensorGenerators(4);
        var parts = Enumerable.Range(0, 3).Select(_ => generators.Create([2, 3], Distribution.Normal, layout)).ToArray();

        GradientChecker.Check(inputs => Tensor.Stack(inputs, axis), parts);
    }

    [Test]
    public void StackOfScalars()
    {
        var parts = new[] { 0.5f, -1f, 2f }.Select(Tensor.Scalar).ToArray();

        GradientChecker.Check(inputs => Tensor.Stack(inputs), parts);
    }

    [Test]
    public void ConcatOfTheSameTensorTwice([Values] Layout layout)
    {
        // One input that fills two blocks: both blocks of the gradient flow back to it.
        var x = new TensorGenerators(5).Create([2, 3], Distribution.Normal, layout);

        GradientChecker.Check(inputs => Tensor.Concat([inputs[0], inputs[0].Tanh()], 0), x);
    }
}

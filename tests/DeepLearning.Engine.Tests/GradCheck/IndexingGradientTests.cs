using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.GradCheck;

/// <summary>
/// IndexSelect and Gather: each output element reads one input element, so the backward scatters the
/// gradient back, adding where an index repeats.
/// </summary>
[OnEveryBackend]
public class IndexingGradientTests(IBackend backend) : BackendFixture(backend)
{
    [Test]
    public void IndexSelectWithRepeatedIndices([Values(0, 1, -1)] int axis, [Values] Layout layout)
    {
        var x = new TensorGenerators(1).Create([3, 4, 2], Distribution.Normal, layout);
        var size = x.Size(axis);
        // Every index at least once, the first one three times, out of order.
        int[] indices = [size - 1, 0, 0, .. Enumerable.Range(0, size), 0];

        GradientChecker.Check(inputs => inputs[0].IndexSelect(axis, indices), x);
    }

    [Test]
    public void IndexSelectThatSkipsSomeRows([Values] Layout layout)
    {
        // Rows that are never picked get a zero gradient.
        var x = new TensorGenerators(2).Create([5, 3], Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].IndexSelect(0, [4, 1, 4]), x);
    }

    [Test]
    public void IndexSelectOnRandomShapes([Values] Layout layout)
    {
        var generators = new TensorGenerators(3);
        var choices = new Generator(3);
        foreach (var shape in generators.RandomShapes(4, minRank: 1))
        {
            var axis = generators.RandomAxes(shape.Length)[0];
            var size = shape[axis < 0 ? axis + shape.Length : axis];
            var indices = Enumerable.Range(0, 1 + choices.NextInt(5)).Select(_ => choices.NextInt(size)).ToArray();
            var x = generators.Create(shape, Distribution.Normal, layout);
            GradientChecker.Check(inputs => inputs[0].IndexSelect(axis, indices), x);
        }
    }

    [Test]
    public void GatherAlongTheLastAxis([Values] Layout layout)
    {
        // The logit of the true class of each row, as a cross-entropy loss reads it.
        var logits = new TensorGenerators(4).Create([4, 3], Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].Gather(1, [2, 0, 0, 1]), logits);
    }

    [Test]
    public void GatherAlongEveryAxisOfA3DTensor([Values(0, 1, 2, -2)] int axis, [Values] Layout layout)
    {
        var generators = new TensorGenerators(5);
        var x = generators.Create([3, 2, 4], Distribution.Normal, layout);
        var picks = new Generator(5);
        var size = x.Size(axis);
        var indices = Enumerable.Range(0, x.ElementCount / size).Select(_ => picks.NextInt(size)).ToArray();

        GradientChecker.Check(inputs => inputs[0].Gather(axis, indices), x);
    }

    [Test]
    public void GatherTheSameElementTwiceThroughTwoOps([Values] Layout layout)
    {
        // Two gathers that pick overlapping elements: their gradients add in the shared input.
        var x = new TensorGenerators(6).Create([3, 3], Distribution.Normal, layout);

        GradientChecker.Check(inputs => inputs[0].Gather(1, [0, 1, 2]) * inputs[0].Gather(1, [0, 0, 2]), x);
    }
}

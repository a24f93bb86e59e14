namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter2HiddenTests
{
    [Test, Category("task:2.1"), Hint("axes of size 1 still get a stride")]
    public void FourAxesWithASizeOne() =>
        Assert.That(TensorBasics.ContiguousStrides([3, 1, 2, 5]), Is.EqualTo(Shapes.ContiguousStrides([3, 1, 2, 5])), "strides of (3,1,2,5)");

    [Test, Category("task:2.2"), Hint("strides may be any non-negative numbers, including 0 for an expanded axis")]
    public void PermutedSteppedAndExpandedViews()
    {
        var permuted = Tensor.Arange(60).Reshape(3, 4, 5).Permute(2, 0, 1).Slice(0, 1, 5, 2);
        StorageIndexAssert.EveryElement(TensorBasics.StorageIndex, permuted, "a permuted, stepped view");
        StorageIndexAssert.EveryElement(TensorBasics.StorageIndex, Tensor.Arange(4).Reshape(4, 1).Expand(4, 3), "an expanded view");
    }

    [Test, Category("task:2.3"), Hint("a scalar () broadcasts with anything; both shapes may stretch")]
    public void ScalarsAndStretchingOnBothSides()
    {
        Assert.That(TensorBasics.BroadcastShape([], [2, 2]), Is.EqualTo(new[] { 2, 2 }), "() with (2,2)");
        Assert.That(TensorBasics.BroadcastShape([5, 1, 4], [1, 3, 1]), Is.EqualTo(new[] { 5, 3, 4 }), "(5,1,4) with (1,3,1)");
        TensorAssert.Throws<ArgumentException>(() => TensorBasics.BroadcastShape([2, 3], [3, 2]), "(2,3) with (3,2)");
    }
}

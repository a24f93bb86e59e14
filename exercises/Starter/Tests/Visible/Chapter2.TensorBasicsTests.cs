namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:2.1"), WriteItYourself("Shapes.ContiguousStrides", "Tensor.Strides")]
public sealed class Task2_1_ContiguousStrides(Func<int[], int[]> contiguousStrides)
{
    public Task2_1_ContiguousStrides() : this(TensorBasics.ContiguousStrides) { }

    [Test, Hint("walk the axes from last to first, multiplying the sizes as you go")]
    public void ThreeAxes() => TensorAssert.Equal([12, 4, 1], contiguousStrides([2, 3, 4]), "strides of shape (2,3,4)", new Comparison
    {
        Suspects =
        [
            Suspect.Numbers("column-major strides (the first axis has stride 1); row-major gives the last axis stride 1", 1, 2, 6),
            Suspect.Numbers("each stride includes its own axis's size: stride[i] is the product of the sizes after axis i", 24, 12, 4),
            Suspect.Numbers("the strides are in reverse order: walk from the last axis to the first, filling from the end", 1, 4, 12),
        ],
    });

    [Test, Hint("a vector has stride 1; a scalar has no axes and so no strides")]
    public void VectorAndScalar()
    {
        TensorAssert.Equal([1], contiguousStrides([5]), "strides of shape (5)");
        TensorAssert.Equal([], contiguousStrides([]), "strides of shape ()");
    }
}

[TestFixture, Category("task:2.2")]
public sealed class Task2_2_StorageIndex(Func<int[], int[], int, int> storageIndex)
{
    public Task2_2_StorageIndex() : this(TensorBasics.StorageIndex) { }

    [Test, Hint("offset + Σ index[i]·strides[i]")]
    public void TransposedView() => StorageIndexAssert.EveryElement(storageIndex, Tensor.Arange(24).Reshape(2, 3, 4).Transpose(0, 2), "a transposed (4,3,2) view");

    [Test, Hint("a slice starts at an offset into the storage")]
    public void SlicedView() => StorageIndexAssert.EveryElement(storageIndex, Tensor.Arange(24).Reshape(4, 6).Slice(1, 2, 5), "columns 2..4 of a (4,6) tensor");
}

/// <summary>
/// The storage of Arange(n) holds each element's own storage position, so reading element i of a view gives
/// the storage index the learner's function should compute for i.
/// </summary>
internal static class StorageIndexAssert
{
    public static void EveryElement(Func<int[], int[], int, int> storageIndex, Tensor view, string what)
    {
        foreach (var index in AllIndices(view.Shape))
        {
            var expected = (int)view[index];
            var actual = storageIndex(index, view.Strides, view.Offset);
            if (actual != expected)
            {
                var cause = actual == expected - view.Offset ? $"the offset {view.Offset} is left out: offset + Σ index[i]·strides[i]"
                    : actual == view.Offset + index.Sum() ? "the index is not multiplied by the strides: offset + Σ index[i]·strides[i]"
                    : null;
                Assert.Fail($"{what} (strides {Shapes.Format(view.Strides)}, offset {view.Offset}): element [{string.Join(", ", index)}] lives at {expected}, got {actual}" +
                    TensorAssert.CauseLine(cause));
            }
        }
    }

    private static IEnumerable<int[]> AllIndices(int[] shape)
    {
        var index = new int[shape.Length];
        for (var flat = 0; flat < Shapes.ElementCount(shape); flat++)
        {
            yield return (int[])index.Clone();
            for (var axis = shape.Length - 1; axis >= 0 && ++index[axis] == shape[axis]; axis--)
            {
                index[axis] = 0;
            }
        }
    }
}

[TestFixture, Category("task:2.3"), WriteItYourself("Shapes.Broadcast", "Tensor.Expand")]
public sealed class Task2_3_BroadcastShape(Func<int[], int[], int[]> broadcastShape)
{
    public Task2_3_BroadcastShape() : this(TensorBasics.BroadcastShape) { }

    [Test, Hint("align the shapes at the right; a missing axis counts as 1")]
    public void AlignsAtTheLastAxis()
    {
        TensorAssert.Equal([8, 7, 6], broadcastShape([8, 1, 6], [7, 1]), "(8,1,6) with (7,1)", new Comparison
        {
            Suspects =
            [
                Suspect.Numbers("the leading axis of the longer shape is dropped: a missing axis counts as 1, so (8,1,6) keeps its 8", 7, 6),
            ],
        });
        TensorAssert.Equal([2, 3], broadcastShape([3], [2, 3]), "(3) with (2,3)");
    }

    [Test, Hint("sizes fit only when equal or when one of them is 1; otherwise throw ArgumentException")]
    public void RejectsSizesThatDoNotFit() =>
        TensorAssert.Throws<ArgumentException>(() => broadcastShape([3], [4]), "(3) with (4)");
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:2.a")]
public sealed class Question2_a(Func<int> answer)
{
    public Question2_a() : this(TensorBasics.Question2A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("2.a", answer(), "21508536b3c219e45217066cc87d5d5ea40a1381294b826ef7cf5436cbcc0ad2",
            lookAgainAt: "the first element the slice keeps, and where row-major storage puts it");
}

[TestFixture, Category("task:2.b")]
public sealed class Question2_b(Func<char> answer)
{
    public Question2_b() : this(TensorBasics.Question2B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("2.b", answer(), "44bb3c7be31818816baf79d2bf3d2db7de2981a83738685f10120cd71c499472",
            lookAgainAt: "which of the two shares storage with data, and what data[0, 1] held before the write");
}

[TestFixture, Category("task:2.c")]
public sealed class Question2_c(Func<char> answer)
{
    public Question2_c() : this(TensorBasics.Question2C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("2.c", answer(), "a16e5e5133598431a7932d7ab51b93608aa581700d93b646fac0223bb7b8c0a7",
            lookAgainAt: "a (3, 1) column's strides, and the stride that an expanded axis of size 1 gets");
}

using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.Tensors;

/// <summary>
/// Views: new shape, strides and offset over the same storage. Nothing is copied, so writes show through,
/// until an op needs a contiguous layout and makes a copy.
/// </summary>
[OnEveryBackend]
public class ViewTests(IBackend backend) : BackendFixture(backend)
{
    private static Tensor Matrix(int rows, int columns) => Tensor.Arange(rows * columns).Reshape(rows, columns);

    [Test]
    public void TransposeSwapsStridesAndSharesStorage()
    {
        var a = Matrix(2, 3);
        var t = a.T;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(t.Shape, Is.EqualTo(new[] { 3, 2 }));
            Assert.That(t.Strides, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(t.Storage, Is.SameAs(a.Storage));
            Assert.That(t.ToArray(), Is.EqualTo(new[] { 0f, 3f, 1f, 4f, 2f, 5f }));
        }
    }

    [Test]
    public void WritingThroughAViewChangesTheBase()
    {
        var a = Matrix(2, 3);
        a.T[2, 1] = 99f;
        a.Slice(1, 0, 3, 2)[0, 0] = -1f;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a[1, 2], Is.EqualTo(99f));
            Assert.That(a[0, 0], Is.EqualTo(-1f));
        }
    }

    [Test]
    public void PermuteReordersShapeAndStrides()
    {
        var a = Tensor.Zeros(2, 3, 4);
        var p = a.Permute(2, 0, 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(p.Shape, Is.EqualTo(new[] { 4, 2, 3 }));
            Assert.That(p.Strides, Is.EqualTo(new[] { 1, 12, 4 }));
            Assert.That(a.Permute(-1, 0, 1).Strides, Is.EqualTo(p.Strides));
        }
    }

    [Test]
    public void SliceWithAStepMultipliesTheStrideAndMovesTheOffset()
    {
        var a = Matrix(3, 6);
        var everyOtherColumn = a.Slice(1, 1, 6, 2);
        var lastTwoRows = a.Slice(0, 1, 3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(everyOtherColumn.Shape, Is.EqualTo(new[] { 3, 3 }));
            Assert.That(everyOtherColumn.Strides, Is.EqualTo(new[] { 6, 2 }));
            Assert.That(everyOtherColumn.Offset, Is.EqualTo(1));
            Assert.That(everyOtherColumn.ToArray(), Is.EqualTo(new[] { 1f, 3f, 5f, 7f, 9f, 11f, 13f, 15f, 17f }));
            Assert.That(lastTwoRows.Offset, Is.EqualTo(6));
            Assert.That(lastTwoRows.Strides, Is.EqualTo(new[] { 6, 1 }));
        }
    }

    [Test]
    public void ExpandRepeatsWithStrideZero()
    {
        var column = Tensor.FromArray([1f, 2f, 3f], 3, 1);
        var expanded = column.Expand(3, 4);
        var row = Tensor.FromArray(1f, 2f).Expand(3, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(expanded.Strides, Is.EqualTo(new[] { 1, 0 }));
            Assert.That(expanded.Storage, Is.SameAs(column.Storage));
            Assert.That(expanded.ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f, 1f, 2f, 2f, 2f, 2f, 3f, 3f, 3f, 3f }));
            Assert.That(row.Strides, Is.EqualTo(new[] { 0, 1 }));
        }
    }

    [Test]
    public void ContiguityOfEachKindOfView()
    {
        var a = Matrix(3, 4);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.IsContiguous, Is.True);
            Assert.That(a.T.IsContiguous, Is.False);
            Assert.That(a.Slice(0, 1, 3).IsContiguous, Is.True, "whole rows: contiguous, only the offset moves");
            Assert.That(a.Slice(1, 0, 2).IsContiguous, Is.False, "part of each row leaves gaps");
            Assert.That(a.Slice(1, 0, 4, 2).IsContiguous, Is.False);
            Assert.That(Tensor.Zeros(3, 1).Expand(3, 4).IsContiguous, Is.False);
            // Size-1 axes are never stepped along, so their stride does not matter.
            Assert.That(Tensor.Zeros(3, 1).T.IsContiguous, Is.True);
            Assert.That(a.Permute(0, 1).IsContiguous, Is.True);
        }
    }

    [Test]
    public void ContiguousReturnsTheSameTensorWhenAlreadyContiguous()
    {
        var a = Matrix(2, 3);
        Assert.That(a.Contiguous(), Is.SameAs(a));
    }

    [Test]
    public void ContiguousCopiesANonContiguousViewIntoRowMajorOrder()
    {
        var a = Matrix(2, 3);
        var copy = a.T.Contiguous();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Storage, Is.Not.SameAs(a.Storage));
            Assert.That(copy.IsContiguous, Is.True);
            Assert.That(copy.Strides, Is.EqualTo(new[] { 2, 1 }));
            Assert.That(copy.ToArray(), Is.EqualTo(new[] { 0f, 3f, 1f, 4f, 2f, 5f }));
        }
    }

    [Test]
    public void ReshapeOfAContiguousTensorIsAView()
    {
        var a = Matrix(2, 3);
        var r = a.Reshape(3, 2);
        r[2, 1] = 50f;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Storage, Is.SameAs(a.Storage));
            Assert.That(a[1, 2], Is.EqualTo(50f));
            Assert.That(a.Reshape(-1, 2).Shape, Is.EqualTo(new[] { 3, 2 }));
            Assert.That(a.View(6).Storage, Is.SameAs(a.Storage));
        }
    }

    [Test]
    public void ReshapeOfANonContiguousTensorCopies()
    {
        var a = Matrix(2, 3);
        var flat = a.T.Reshape(6);
        flat[0] = 50f;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(flat.Storage, Is.Not.SameAs(a.Storage));
            Assert.That(a[0, 0], Is.Zero);
            Assert.That(a.T.Flatten().ToArray(), Is.EqualTo(new[] { 0f, 3f, 1f, 4f, 2f, 5f }));
        }
    }

    [Test]
    public void SqueezeAndUnsqueezeRemoveAndInsertSizeOneAxes()
    {
        var a = Tensor.Zeros(1, 3, 1);
        var v = Tensor.Zeros(3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Squeeze().Shape, Is.EqualTo(new[] { 3 }));
            Assert.That(a.Squeeze(0).Shape, Is.EqualTo(new[] { 3, 1 }));
            Assert.That(a.Squeeze(-1).Shape, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(Tensor.Zeros(1, 1).Squeeze().Shape, Is.Empty);
            Assert.That(v.Unsqueeze(0).Shape, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(v.Unsqueeze(1).Shape, Is.EqualTo(new[] { 3, 1 }));
            Assert.That(v.Unsqueeze(-1).Shape, Is.EqualTo(new[] { 3, 1 }));
            Assert.That(Tensor.Zeros(2, 3).Unsqueeze(1).Shape, Is.EqualTo(new[] { 2, 1, 3 }));
            Assert.That(v.Unsqueeze(0).Storage, Is.SameAs(v.Storage));
        }
    }

    [TestCase(-2, 5, 1, new[] { 3f, 4f })]
    [TestCase(-100, 2, 1, new[] { 0f, 1f })]
    [TestCase(1, 100, 1, new[] { 1f, 2f, 3f, 4f })]
    [TestCase(-3, -1, 1, new[] { 2f, 3f })]
    [TestCase(3, 1, 1, new float[0])]
    [TestCase(0, 5, 2, new[] { 0f, 2f, 4f })]
    [TestCase(1, 5, 3, new[] { 1f, 4f })]
    [TestCase(10, 20, 1, new float[0])]
    public void SliceBoundsBehaveLikePython(int start, int end, int step, float[] expected)
    {
        // Like Python's list(range(5))[start:end:step]: negative bounds count from the end, all bounds clamp.
        Assert.That(Tensor.Arange(5).Slice(0, start, end, step).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void AViewOfAViewComposesStridesAndOffsets()
    {
        var a = Matrix(4, 5);
        var view = a.Slice(0, 1, 4, 2).Slice(1, 1, 5, 3).T;
        using (Assert.EnterMultipleScope())
        {
            // Rows 1 and 3, columns 1 and 4, transposed.
            Assert.That(view.ToArray(), Is.EqualTo(new[] { 6f, 16f, 9f, 19f }));
            Assert.That(view.Offset, Is.EqualTo(6));
            Assert.That(view.Strides, Is.EqualTo(new[] { 3, 10 }));
        }
    }

    [Test]
    public void ShapeAndStridesAreCopies()
    {
        var a = Matrix(2, 3);
        a.Shape[0] = 100;
        a.Strides[0] = 100;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(a.Strides, Is.EqualTo(new[] { 3, 1 }));
        }
    }
}

namespace DeepLearning.Notebooks.Checks;

/// <summary>Chapter 2: storage, strides, views and broadcasting, checked against the engine's tensors.</summary>
public static class Chapter02Checks
{
    [TaskCheck("2.1", "row-major strides of a contiguous shape")]
    public static int ContiguousStrides(Func<int[], int[]> contiguousStrides)
    {
        int[][] shapes = [[], [5], [2, 3], [2, 3, 4], [4, 1, 3], [2, 2, 2, 2]];
        foreach (var shape in shapes)
        {
            var expected = Tensor.Zeros(shape).Strides;
            var actual = contiguousStrides((int[])shape.Clone());
            Expect.Equal(Expect.Shape(actual), Expect.Shape(expected), $"the strides of shape {Expect.Shape(shape)}");
        }
        return shapes.Length;
    }

    [TaskCheck("2.2", "the storage position of an element of a strided view")]
    public static int StorageIndex(Func<int[], int[], int, int> storageIndex)
    {
        // Arange fills storage with 0, 1, 2, ...: in every view below, an element's value is its storage position.
        var block = Tensor.Arange(24).Reshape(2, 3, 4);
        (string Name, Tensor View)[] views =
        [
            ("x = arange(24).reshape(2,3,4)", block),
            ("x.Transpose(0, 2)", block.Transpose(0, 2)),
            ("x.Slice(1, 1, 3)", block.Slice(1, 1, 3)),
            ("x.Slice(2, 0, 4, step: 2)", block.Slice(2, 0, 4, 2)),
            ("x.Permute(2, 0, 1)", block.Permute(2, 0, 1)),
            ("x.Slice(0, 1, 2).Squeeze(0).T", block.Slice(0, 1, 2).Squeeze(0).T),
            ("arange(3).Unsqueeze(1).Expand(3, 4)", Tensor.Arange(3).Unsqueeze(1).Expand(3, 4)),
        ];
        foreach (var (name, view) in views)
        {
            foreach (var index in AllIndices(view.Shape))
            {
                var actual = storageIndex((int[])index.Clone(), view.Strides, view.Offset);
                Expect.Equal(actual, (int)view[index], $"{name}: element {Expect.Shape(index)} with strides {Expect.Shape(view.Strides)} and offset {view.Offset}");
            }
        }
        return views.Length;
    }

    [TaskCheck("2.3", "the broadcast shape of two shapes")]
    public static int BroadcastShape(Func<int[], int[], int[]> broadcastShape)
    {
        (int[] A, int[] B)[] compatible =
        [
            ([3, 4], [3, 4]), ([3, 1], [1, 4]), ([2, 3, 4], [4]), ([5, 1, 6], [3, 1]), ([], [2, 2]), ([8, 1, 1], [7, 1]), ([1], [3, 1, 5]),
        ];
        foreach (var (a, b) in compatible)
        {
            var expected = (Tensor.Zeros(a) + Tensor.Zeros(b)).Shape;
            var actual = broadcastShape((int[])a.Clone(), (int[])b.Clone());
            Expect.Equal(Expect.Shape(actual), Expect.Shape(expected), $"broadcasting {Expect.Shape(a)} with {Expect.Shape(b)}");
        }
        (int[] A, int[] B)[] incompatible = [([3, 4], [3]), ([2, 3], [3, 2]), ([4, 1, 2], [3, 3])];
        foreach (var (a, b) in incompatible)
        {
            int[] result;
            try
            {
                result = broadcastShape((int[])a.Clone(), (int[])b.Clone());
            }
            catch (ArgumentException)
            {
                continue;
            }
            throw new CheckMismatchException(
                $"{Expect.Shape(a)} and {Expect.Shape(b)} do not broadcast (aligned at the last axis, some sizes differ and neither is 1), so it should throw ArgumentException; it returned {Expect.Shape(result)}.");
        }
        return compatible.Length + incompatible.Length;
    }

    private static IEnumerable<int[]> AllIndices(int[] shape)
    {
        var count = shape.Aggregate(1, (product, size) => product * size);
        for (var flat = 0; flat < count; flat++)
        {
            var index = new int[shape.Length];
            var rest = flat;
            for (var axis = shape.Length - 1; axis >= 0; axis--)
            {
                index[axis] = rest % shape[axis];
                rest /= shape[axis];
            }
            yield return index;
        }
    }
}

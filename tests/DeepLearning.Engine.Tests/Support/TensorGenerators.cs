namespace DeepLearning.Tests.Support;

/// <summary>How the elements of a generated tensor lie in storage.</summary>
public enum Layout
{
    /// <summary>A fresh row-major tensor.</summary>
    Contiguous,

    /// <summary>
    /// A view with its axes in reverse order of storage (a transpose for a matrix). A tensor of rank
    /// below 2 cannot be transposed, so it falls back to <see cref="Strided"/>.
    /// </summary>
    Transposed,

    /// <summary>Every other element along every axis of a bigger tensor: gaps in storage and an offset.</summary>
    Strided,

    /// <summary>Some axes broadcast with stride 0, so several positions read one storage element.</summary>
    Expanded,
}

/// <summary>The values a generated tensor holds.</summary>
public enum Distribution
{
    /// <summary>Standard normal.</summary>
    Normal,

    /// <summary>Uniform on [0.5, 2): safe for log, sqrt, fractional and negative powers.</summary>
    Positive,

    /// <summary>
    /// |x| in [0.25, 1.5) with a random sign: far from the kinks of relu and abs and from a zero
    /// denominator, further than the gradient checker's ε moves them.
    /// </summary>
    AwayFromZero,

    /// <summary>
    /// All different, 0.1 apart: no ties for max, and no ε-nudge can reorder them. An
    /// <see cref="Layout.Expanded"/> view repeats elements, so it cannot be distinct.
    /// </summary>
    Distinct,
}

/// <summary>
/// Seeded random shapes and tensors for the gradient checks and properties: the same seed gives the
/// same cases on every run, so a failure can be reproduced.
/// </summary>
public sealed class TensorGenerators(ulong seed)
{
    /// <summary>Generated shapes stay this small, so that checking every element stays fast.</summary>
    public const int MaxElements = 96;

    private const float DistinctSpacing = 0.1f;

    private readonly Generator _random = new(seed);

    /// <summary>A shape of rank <paramref name="minRank"/>..<paramref name="maxRank"/>, each size 1..<paramref name="maxSize"/>.</summary>
    public int[] RandomShape(int minRank = 0, int maxRank = 4, int maxSize = 4)
    {
        while (true)
        {
            var rank = minRank + _random.NextInt(maxRank - minRank + 1);
            var shape = Enumerable.Range(0, rank).Select(_ => 1 + _random.NextInt(maxSize)).ToArray();
            if (Shapes.ElementCount(shape) <= MaxElements)
            {
                return shape;
            }
        }
    }

    public IEnumerable<int[]> RandomShapes(int count, int minRank = 0, int maxRank = 4) =>
        Enumerable.Range(0, count).Select(_ => RandomShape(minRank, maxRank)).ToArray();

    /// <summary>
    /// Two shapes that broadcast together: both are drawn from one full shape, each losing some leading
    /// axes and having some sizes squashed to 1, so either side may be the one that is stretched.
    /// </summary>
    public (int[] Left, int[] Right) BroadcastShapes(int maxRank = 4)
    {
        var full = RandomShape(0, maxRank);
        return (BroadcastableTo(full), BroadcastableTo(full));
    }

    /// <summary>A shape that broadcasts to <paramref name="full"/>: some leading axes dropped, some sizes set to 1.</summary>
    public int[] BroadcastableTo(int[] full)
    {
        var dropped = _random.NextInt(2) == 0 ? 0 : _random.NextInt(full.Length + 1);
        return full[dropped..].Select(size => _random.NextInt(3) == 0 ? 1 : size).ToArray();
    }

    /// <summary>A random non-empty set of distinct axes of a tensor of rank <paramref name="rank"/>, some written negative.</summary>
    public int[] RandomAxes(int rank)
    {
        var count = 1 + _random.NextInt(rank);
        return _random.Permutation(rank)[..count].Select(axis => _random.NextInt(2) == 0 ? axis : axis - rank).ToArray();
    }

    /// <summary>A tensor of <paramref name="shape"/> with the given values and storage layout. It is a leaf.</summary>
    public Tensor Create(int[] shape, Distribution distribution = Distribution.Normal, Layout layout = Layout.Contiguous) =>
        layout switch
        {
            Layout.Contiguous => Values(shape, distribution),
            Layout.Transposed when shape.Length >= 2 => Filled(ReversedView(shape), distribution),
            Layout.Transposed or Layout.Strided => Filled(SteppedView(shape), distribution),
            Layout.Expanded => ExpandedView(shape, distribution),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
        };

    private Tensor Values(int[] shape, Distribution distribution)
    {
        var count = Shapes.ElementCount(shape);
        var data = new float[count];
        var order = _random.Permutation(count);
        for (var i = 0; i < count; i++)
        {
            data[i] = distribution switch
            {
                Distribution.Normal => _random.NextGaussian(),
                Distribution.Positive => 0.5f + 1.5f * _random.NextFloat(),
                Distribution.AwayFromZero => (_random.NextInt(2) == 0 ? -1 : 1) * (0.25f + 1.25f * _random.NextFloat()),
                Distribution.Distinct => (order[i] - (count - 1) / 2f) * DistinctSpacing,
                _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, null),
            };
        }
        return Tensor.FromArray(data, shape);
    }

    private Tensor Filled(Tensor view, Distribution distribution)
    {
        view.CopyFrom(Values(view.Shape, distribution));
        return view;
    }

    // The views below are cut from storage filled with NaN: an op that reads outside its view (a wrong
    // stride or offset) then turns its result into NaN, and the check fails loudly.

    private static Tensor ReversedView(int[] shape)
    {
        var storage = Tensor.Full(Enumerable.Reverse(shape).ToArray(), float.NaN);
        return storage.Permute(Enumerable.Range(0, shape.Length).Reverse().ToArray());
    }

    /// <summary>Elements 1, 3, 5, ... of every axis of a tensor twice as big, plus one.</summary>
    private static Tensor SteppedView(int[] shape)
    {
        if (shape.Length == 0)
        {
            // A scalar has no axis to step along; the next best is a view that starts at an offset.
            return Tensor.Full([3], float.NaN).Slice(0, 1, 2).Reshape();
        }
        var view = Tensor.Full(shape.Select(size => 2 * size + 1).ToArray(), float.NaN);
        for (var axis = 0; axis < shape.Length; axis++)
        {
            view = view.Slice(axis, 1, 2 * shape[axis] + 1, step: 2);
        }
        return view;
    }

    private Tensor ExpandedView(int[] shape, Distribution distribution)
    {
        if (distribution == Distribution.Distinct)
        {
            throw new ArgumentException("an expanded view repeats elements, so its values cannot be distinct");
        }
        if (shape.Length == 0)
        {
            return Values(shape, distribution);
        }
        var stretchable = Enumerable.Range(0, shape.Length).Where(axis => shape[axis] > 1).ToArray();
        var squashed = stretchable.Where(_ => _random.NextInt(2) == 0).ToList();
        if (squashed.Count == 0 && stretchable.Length > 0)
        {
            squashed.Add(stretchable[_random.NextInt(stretchable.Length)]);
        }
        var small = shape.Select((size, axis) => squashed.Contains(axis) ? 1 : size).ToArray();
        // Sometimes the leading axis is missing altogether, and Expand adds it.
        var dropLeading = stretchable.Length == 0 || _random.NextInt(2) == 0;
        return Values(dropLeading ? small[1..] : small, distribution).Expand(shape);
    }
}

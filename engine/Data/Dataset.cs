namespace DeepLearning.Data;

/// <summary>
/// A labelled dataset held in memory: <see cref="Count"/> items of one shape (<see cref="ItemShape"/>,
/// e.g. (1,28,28) for a grey image), stored as a single row-major float array of
/// Count × <see cref="FeatureCount"/> values, and one integer class label per item.
/// </summary>
/// <remarks>
/// One flat array rather than an array per item: a mini-batch is then a handful of block copies, and a
/// 60000-image set is one 188 MB allocation instead of 60000 small ones for the garbage collector to track.
/// </remarks>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;
    private readonly int[] _itemShape;

    /// <summary>Wraps the arrays without copying them; the dataset owns them from now on.</summary>
    /// <param name="features">Count × FeatureCount values, item after item.</param>
    /// <param name="labels">One class index (≥ 0) per item.</param>
    /// <param name="itemShape">The shape of one item; its product is <see cref="FeatureCount"/>.</param>
    public Dataset(float[] features, int[] labels, int[] itemShape)
    {
        if (itemShape.Any(size => size <= 0))
        {
            throw new ArgumentException($"dataset: item shape {Shapes.Format(itemShape)} must have positive sizes");
        }
        var featureCount = Shapes.ElementCount(itemShape);
        if ((long)labels.Length * featureCount != features.Length)
        {
            throw new ArgumentException(
                $"dataset: {labels.Length} labels × {featureCount} features per item (shape {Shapes.Format(itemShape)}) " +
                $"need {(long)labels.Length * featureCount} values, but {features.Length} were given");
        }
        var negative = Array.FindIndex(labels, label => label < 0);
        if (negative >= 0)
        {
            throw new ArgumentException($"dataset: label {labels[negative]} of item {negative} is negative; labels are class indices");
        }
        _features = features;
        _labels = labels;
        _itemShape = (int[])itemShape.Clone();
        FeatureCount = featureCount;
    }

    /// <summary>
    /// A dataset of 8-bit images or other byte features, converted by <paramref name="normalization"/>
    /// (pixel / 255 when none is given).
    /// </summary>
    public static Dataset FromBytes(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> labels, int[] itemShape,
        PixelNormalization? normalization = null)
    {
        var features = (normalization ?? PixelNormalization.UnitRange).Apply(pixels);
        var classLabels = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            classLabels[i] = labels[i];
        }
        return new Dataset(features, classLabels, itemShape);
    }

    /// <summary>The number of items.</summary>
    public int Count => _labels.Length;

    /// <summary>The shape of one item, e.g. (1,28,28). A copy.</summary>
    public int[] ItemShape => (int[])_itemShape.Clone();

    /// <summary>Values per item: the product of <see cref="ItemShape"/>.</summary>
    public int FeatureCount { get; }

    /// <summary>All values, item after item. Read-only: the dataset is shared by every loader over it.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>All labels, in item order.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The values of one item, row-major in <see cref="ItemShape"/>.</summary>
    public ReadOnlySpan<float> Item(int index) => _features.AsSpan(CheckIndex(index) * FeatureCount, FeatureCount);

    /// <summary>The class label of one item.</summary>
    public int Label(int index) => _labels[CheckIndex(index)];

    /// <summary>How many items each class has: entry c counts label c, for c from 0 to the largest label.</summary>
    public int[] CountPerClass()
    {
        var counts = new int[_labels.Length == 0 ? 0 : _labels.Max() + 1];
        foreach (var label in _labels)
        {
            counts[label]++;
        }
        return counts;
    }

    /// <summary>The mean and (population) standard deviation of all values: what a standardisation would use.</summary>
    public (double Mean, double Std) FeatureStatistics()
    {
        // Sums in double: 47 million float additions would lose several digits in float.
        double sum = 0, sumOfSquares = 0;
        foreach (var value in _features)
        {
            sum += value;
            sumOfSquares += (double)value * value;
        }
        var mean = sum / _features.Length;
        return (mean, Math.Sqrt(Math.Max(0, sumOfSquares / _features.Length - mean * mean)));
    }

    /// <summary>A new dataset of the given items, in the given order (repeats allowed).</summary>
    public Dataset Subset(IReadOnlyList<int> indices)
    {
        var (features, labels) = Gather(indices);
        return new Dataset(features, labels, _itemShape);
    }

    /// <summary>
    /// The given items as one mini-batch: inputs shaped (batch, ...ItemShape), and their labels.
    /// </summary>
    public (Tensor Inputs, int[] Labels) Batch(IReadOnlyList<int> indices)
    {
        var (features, labels) = Gather(indices);
        return (new Tensor(features, [indices.Count, .. _itemShape]), labels);
    }

    private (float[] Features, int[] Labels) Gather(IReadOnlyList<int> indices)
    {
        // Every element is written below: no need for the runtime to clear the array first (a 400 KB batch each step).
        var features = GC.AllocateUninitializedArray<float>(indices.Count * FeatureCount);
        var labels = new int[indices.Count];
        for (var row = 0; row < indices.Count; row++)
        {
            Item(indices[row]).CopyTo(features.AsSpan(row * FeatureCount, FeatureCount));
            labels[row] = _labels[indices[row]];
        }
        return (features, labels);
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"dataset: item {index} is out of range for {Count} items");
        }
        return index;
    }
}

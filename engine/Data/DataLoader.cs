using System.Collections;

namespace DeepLearning.Data;

/// <summary>
/// Cuts a <see cref="Dataset"/> into mini-batches <c>(Inputs, Labels)</c>, Inputs shaped
/// (batch, ...ItemShape). Each <c>foreach</c> over the loader is one epoch.
/// </summary>
/// <remarks>
/// With <c>shuffle</c>, every epoch visits the items in a fresh random order drawn from the generator
/// (a Fisher–Yates permutation), so successive epochs differ while a loader built with the same seed
/// repeats the same sequence of orders: a training run can be replayed exactly. Without it, items come
/// in dataset order. Either way each item appears exactly once per epoch, except that with
/// <c>dropLast</c> the final Count mod batchSize items of the order are left out, so that every batch
/// has the same size (useful when a statistic such as batch-norm's would be noisy on a tiny last batch).
/// </remarks>
public sealed class DataLoader : IEnumerable<(Tensor Inputs, int[] Labels)>
{
    private readonly Generator? _generator;

    /// <param name="dataset">The items to serve.</param>
    /// <param name="batchSize">Items per batch; the last batch may be smaller unless <paramref name="dropLast"/>.</param>
    /// <param name="shuffle">Draw a new order each epoch.</param>
    /// <param name="generator">The source of the orders; <see cref="Generator.Default"/> (read at each epoch) when null.</param>
    /// <param name="dropLast">Leave out a last batch smaller than <paramref name="batchSize"/>.</param>
    public DataLoader(Dataset dataset, int batchSize, bool shuffle = false, Generator? generator = null, bool dropLast = false)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"data loader: batch size must be positive, got {batchSize}");
        }
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _generator = generator;
    }

    public Dataset Dataset { get; }

    public int BatchSize { get; }

    public bool Shuffle { get; }

    public bool DropLast { get; }

    /// <summary>Batches per epoch: ⌈Count / BatchSize⌉, or ⌊Count / BatchSize⌋ with <see cref="DropLast"/>.</summary>
    public int BatchCount => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>One epoch. The order is drawn when the enumeration starts, not when the loader is made.</summary>
    public IEnumerator<(Tensor Inputs, int[] Labels)> GetEnumerator()
    {
        var order = Shuffle ? (_generator ?? Generator.Default).Permutation(Dataset.Count) : Enumerable.Range(0, Dataset.Count).ToArray();
        for (var batch = 0; batch < BatchCount; batch++)
        {
            var start = batch * BatchSize;
            var size = Math.Min(BatchSize, order.Length - start);
            yield return Dataset.Batch(new ArraySegment<int>(order, start, size));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using DeepLearning.Backends;

namespace DeepLearning;

/// <summary>
/// The gradients <see cref="Tensor.Backward"/> has computed but not yet passed on: for each tensor, dL/d(tensor)
/// summed over the paths found so far. It also recycles: a gradient that its node has finished with goes back to
/// <see cref="BufferPool"/> as soon as no pending gradient shares its storage, so that the next op of the
/// backward pass (or of the next training step) reuses it.
/// </summary>
/// <remarks>
/// Recycling is sound because every op's backward returns new tensors or views of the gradient it was handed,
/// never a forward tensor: the storage of a pending gradient is therefore either new in this backward pass or the
/// seed's (the gradient the caller passed in), and the seed's is never returned. Only arrays rented during this pass
/// (<paramref name="rentals"/>) go back, so a backward that broke that rule would cost a copy, never a recycled forward
/// tensor. Views of a finished gradient that went on to other nodes keep it out of the pool until they, too, are
/// finished.
/// </remarks>
internal sealed class PendingGradients(Tensor output, Tensor seed, BufferPool.RentalRecord rentals)
{
    private readonly Dictionary<Tensor, Tensor> _pending = new(ReferenceEqualityComparer.Instance) { [output] = seed };
    private readonly List<float[]> _finished = [];

    /// <summary>Takes the summed gradient of <paramref name="node"/>, if any path reached it.</summary>
    public bool TryTake(Tensor node, out Tensor gradient) => _pending.Remove(node, out gradient!);

    /// <summary>Adds one path's contribution to dL/d(<paramref name="input"/>).</summary>
    public void Add(Tensor input, Tensor gradient)
    {
        if (_pending.TryGetValue(input, out var sum))
        {
            _pending[input] = sum + gradient;
            MarkFinished(sum);
            MarkFinished(gradient);
        }
        else
        {
            _pending[input] = gradient;
        }
    }

    /// <summary>
    /// The gradient a leaf keeps as its <see cref="Tensor.Grad"/>: the gradient itself when it is a plain row-major
    /// array that nothing else can reach (it then leaves the pool for good), otherwise a copy.
    /// </summary>
    public Tensor KeepForLeaf(Tensor gradient)
    {
        var exclusive = gradient.OwnsStorage && !ReferenceEquals(gradient.Storage, seed.Storage)
            && rentals.IsOut(gradient.Storage) && !IsPending(gradient.Storage);
        if (exclusive)
        {
            rentals.Release(gradient.Storage);
            return gradient;
        }
        return gradient.Clone();
    }

    /// <summary>
    /// Marks a node's gradient as read for the last time, and returns to the pool every finished gradient that no
    /// pending gradient shares. (One kept by a leaf has left the pool, so returning it does nothing.)
    /// </summary>
    public void Finish(Tensor gradient)
    {
        MarkFinished(gradient);
        foreach (var storage in _finished)
        {
            if (!IsPending(storage))
            {
                rentals.Return(storage);
            }
        }
        _finished.Clear();
    }

    private void MarkFinished(Tensor gradient)
    {
        if (!ReferenceEquals(gradient.Storage, seed.Storage))
        {
            _finished.Add(gradient.Storage);
        }
    }

    private bool IsPending(float[] storage)
    {
        foreach (var other in _pending.Values)
        {
            if (ReferenceEquals(other.Storage, storage))
            {
                return true;
            }
        }
        return false;
    }
}

using DeepLearning.Backends;

namespace DeepLearning;

/// <summary>
/// The gradients that <see cref="Tensor.Backward"/> has finished propagating, whose storage goes back to
/// <see cref="BufferPool"/> as soon as no pending gradient shares it, so that the next op of the backward pass
/// (or of the next training step) reuses it.
/// </summary>
/// <remarks>
/// Sound because every op's backward returns new tensors or views of the gradient it was handed, never a forward
/// tensor: the storage of a pending gradient is therefore either new in this backward pass or the seed's (the
/// gradient the caller passed in), and the seed's is never returned. A gradient is returned only after the node
/// that received it has run its backward; views of it that went on to other nodes keep it out of the pool
/// until they, too, are finished.
/// </remarks>
internal sealed class FinishedGradients(Tensor seed, Dictionary<Tensor, Tensor> pending)
{
    private readonly List<float[]> _finished = [];

    /// <summary>Marks a gradient as read for the last time (by the node it was pending for).</summary>
    public void Add(Tensor gradient)
    {
        if (!ReferenceEquals(gradient.Storage, seed.Storage))
        {
            _finished.Add(gradient.Storage);
        }
    }

    /// <summary>Returns to the pool the storage of every finished gradient that no pending gradient shares.</summary>
    public void ReturnUnshared()
    {
        foreach (var storage in _finished)
        {
            if (!IsPending(storage))
            {
                BufferPool.Return(storage);
            }
        }
        _finished.Clear();
    }

    /// <summary>
    /// The gradient a leaf keeps as its <see cref="Tensor.Grad"/>: the finished gradient itself when it is a
    /// plain row-major array that nothing else can reach (it then leaves the pool for good), otherwise a copy.
    /// </summary>
    public Tensor KeepForLeaf(Tensor gradient)
    {
        var exclusive = gradient.IsContiguous && gradient.Offset == 0 && gradient.Storage.Length == gradient.ElementCount
            && !ReferenceEquals(gradient.Storage, seed.Storage) && BufferPool.IsHandedOut(gradient.Storage) && !IsPending(gradient.Storage);
        if (exclusive)
        {
            BufferPool.Release(gradient.Storage);
            return gradient;
        }
        Add(gradient);
        return gradient.Clone();
    }

    private bool IsPending(float[] storage)
    {
        foreach (var other in pending.Values)
        {
            if (ReferenceEquals(other.Storage, storage))
            {
                return true;
            }
        }
        return false;
    }
}

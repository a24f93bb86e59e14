using DeepLearning.Backends;

namespace DeepLearning;

// Giving a finished training step's memory back. Used by TrainingLoop.TrainEpoch.
public sealed partial class Tensor
{
    /// <summary>Whether ReleaseGraph has given this tensor's storage back: it has none any more.</summary>
    private bool _released;

    /// <summary>Whether a tensor without history (Detach, a view made under NoGrad) shares this graph tensor's storage.</summary>
    private bool _aliased;

    /// <summary>
    /// Ends a training step: every tensor that an op computed on the way to <paramref name="root"/> (the step's loss)
    /// is released, and the arrays that were rented for them during <paramref name="step"/> go back to the pool, so
    /// that the next step's forward pass reuses them instead of asking the garbage collector for fresh memory (a CNN
    /// step's activations are about 50 MB: without this, each step's arrays are garbage that only a full collection
    /// frees, the heap grows to hold several steps' worth, and every fresh page costs a page fault).
    /// </summary>
    /// <remarks>
    /// Only the caller knows that nobody reads the step's intermediate tensors any more, so this is not automatic:
    /// a training loop calls it once it has read the loss and the predictions. Parameters and inputs (leaves) keep
    /// their storage, and so does every array that was not rented during the step (a parameter seen through a
    /// view) or that a tensor without history shares (<see cref="Detach"/>, as
    /// <c>MultiHeadSelfAttention.LastAttention</c> keeps the attention weights). A released tensor that is read
    /// later (a module that kept its input or output from the step) throws, naming the fix, instead of showing
    /// the next step's numbers.
    /// </remarks>
    internal static void ReleaseGraph(Tensor root, BufferPool.RentalRecord step)
    {
        if (!root.Device.IsCpu)
        {
            return;
        }
        var computed = root.TopologicalOrder().Where(node => node.GradFn is not null).ToList();
        var shared = computed.Where(node => node._aliased).Select(node => node._storage).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var node in computed)
        {
            var storage = node._storage;
            node._released = true;
            node._storage = [];
            if (!shared.Contains(storage))
            {
                step.Return(storage);
            }
        }
        // The indices the step's ops kept for their backward (max pooling's winners) belong to this graph alone.
        step.ReturnIndices();
    }

    private InvalidOperationException ReleasedError() => new(
        $"this tensor of shape {ShapeText}, the output of '{GradFn?.OpName}', belonged to a training step that has ended, and its " +
        "memory went back to the engine for the next step; to keep a value computed in a step, keep Detach() of it (its memory is then kept) or its ToArray()");
}

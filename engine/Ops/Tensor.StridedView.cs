using DeepLearning.Backends;

namespace DeepLearning;

// How the ops hand tensors to the backend: as strided views of their storage (no copy), and output storage
// that the backend fills.
public sealed partial class Tensor
{
    /// <summary>This tensor as the backend sees it: storage, offset, shape and strides.</summary>
    internal StridedView Strided => new(Storage, Offset, _shape, _strides);

    /// <summary>This tensor broadcast to <paramref name="shape"/>: axes added in front or stretched from size 1 get stride 0.</summary>
    internal StridedView BroadcastTo(int[] shape) => new(Storage, Offset, shape, ElementwiseKernels.BroadcastStrides(this, shape));

    /// <summary>
    /// Storage for an op's result, which the op overwrites completely: from <see cref="BufferPool"/>, and not
    /// cleared first (for the large arrays of a training step, clearing would be one more pass over memory).
    /// </summary>
    internal static float[] NewStorage(int count) => BufferPool.Rent(count);
}

using DeepLearning.Backends;

namespace DeepLearning;

// How the ops hand tensors to the backend: as strided views of their storage (no copy), and output storage
// that the backend fills.
// Not taught in the course: the strided view it hands over is section 2.1 (notebooks/02-tensors.ipynb), and the rule
// that an op's operands share one device is section 10.9 (notebooks/10-gpu-kernels-with-ilgpu.ipynb).
public sealed partial class Tensor
{
    /// <summary>This tensor as the backend sees it: storage, offset, shape and strides.</summary>
    internal StridedView Strided => new(Storage, Offset, _shape, _strides);

    /// <summary>
    /// Storage for an op's result on <paramref name="device"/>, which the op overwrites completely: on the CPU
    /// from <see cref="BufferPool"/>, and not cleared first (for the large arrays of a training step, clearing
    /// would be one more pass over memory).
    /// </summary>
    internal static float[] NewStorage(int count, Device device) => device.NewStorage(count);

    /// <summary>
    /// The device an op on <paramref name="operands"/> runs on: theirs, when they all agree. Operands on two
    /// devices are an error that names both (moving one silently would hide a transfer).
    /// </summary>
    internal static Device DeviceOf(string op, params ReadOnlySpan<Tensor> operands)
    {
        var device = operands[0].Device;
        foreach (var operand in operands[1..])
        {
            if (!ReferenceEquals(operand.Device, device))
            {
                throw new InvalidOperationException(
                    $"{op}: operands are on different devices ({device.Name} and {operand.Device.Name}); move one with To(device) first");
            }
        }
        return device;
    }
}

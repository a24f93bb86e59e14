using DeepLearning.Gpu.Backend.Kernels;
using ILGPU;

namespace DeepLearning.Gpu.Backend;

public sealed partial class GpuBackend
{
    public void Im2Col(float[] images, float[] columns, ConvolutionGeometry geometry)
    {
        var g = new ImageGeometry(geometry);
        ArrayView<float> input = Buffer(images, "im2col"), output = Buffer(columns, "im2col");
        var count = g.Batch * g.Rows * g.Length;
        if (Begin(count))
        {
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, ImageGeometry>(ImageKernels.Im2Col)(GridStride(count), input, output, g);
        }
    }

    public void Col2Im(float[] columns, float[] images, ConvolutionGeometry geometry)
    {
        var g = new ImageGeometry(geometry);
        ArrayView<float> input = Buffer(columns, "col2im"), output = Buffer(images, "col2im");
        var count = g.Batch * g.Channels * g.Height * g.Width;
        if (Begin(count))
        {
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, ImageGeometry>(ImageKernels.Col2Im)(GridStride(count), input, output, g);
        }
    }

    /// <remarks>The winners stay on the device, in a buffer kept for the <paramref name="winners"/> array, for the backward.</remarks>
    public void MaxPool2d(float[] images, ConvolutionGeometry geometry, float[] output, int[] winners)
    {
        var g = new ImageGeometry(geometry);
        ArrayView<float> input = Buffer(images, "max-pool"), pooled = Buffer(output, "max-pool");
        var count = g.Batch * g.Channels * g.Length;
        var winnerView = _device.Integers.Rent(winners, count);
        if (Begin(count))
        {
            _device.Kernels.Load<ArrayView<float>, ArrayView<float>, ArrayView<int>, ImageGeometry>(ImageKernels.MaxPool)(
                GridStride(count), input, pooled, winnerView, g);
        }
    }

    public void MaxPool2dBackward(float[] upstream, int[] winners, ConvolutionGeometry geometry, float[] gradient)
    {
        var g = new ImageGeometry(geometry);
        ArrayView<float> input = Buffer(upstream, "max-pool backward"), output = Buffer(gradient, "max-pool backward");
        if (!_device.Integers.TryGet(winners, out var winnerView))
        {
            throw new InvalidOperationException(
                $"gpu backend ({_device.Name}): max-pool backward needs winners written by MaxPool2d on this device");
        }
        var count = g.Batch * g.Channels * g.Height * g.Width;
        if (Begin(count))
        {
            _device.Kernels.Load<ArrayView<float>, ArrayView<int>, ArrayView<float>, ImageGeometry>(ImageKernels.MaxPoolBackward)(
                GridStride(count), input, winnerView, output, g);
        }
    }
}

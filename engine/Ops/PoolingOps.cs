using DeepLearning.Backends;

namespace DeepLearning;

// Max pooling. Taught in chapter 6, section 6.3 (notebooks/06-convolutional-networks.ipynb).
public sealed partial class Tensor
{
    /// <summary>
    /// Max pooling over (N, C, H, W) images: y[n, c, oy, ox] = max over the k×k window at
    /// (oy·stride, ox·stride) of x[n, c, ·, ·]. Output (N, C, outH, outW), outH = ⌊(H - k) / stride⌋ + 1.
    /// </summary>
    /// <remarks>
    /// dy/dx is 1 at the element that won each window and 0 elsewhere, so the backward routes each output
    /// gradient to the position recorded in the forward pass (the first maximum, where several tie, as
    /// PyTorch does). A primitive op rather than im2col + max: it keeps one index per output instead of
    /// a copy of every window.
    /// </remarks>
    public Tensor MaxPool2d(int kernelSize, int stride)
    {
        var geometry = ConvolutionGeometry.Create("max_pool2d", _shape, kernelSize, kernelSize, stride, padding: 0);
        var device = Device;
        var output = NewStorage(geometry.Batch * geometry.Channels * geometry.Length, device);
        // Every entry is written. On the CPU pooled within a training step (a device keys its copy by the array).
        var winners = device.IsCpu ? BufferPool.RentIndices(output.Length) : GC.AllocateUninitializedArray<int>(output.Length);
        device.Backend.MaxPool2d(ReadContiguous(), geometry, output, winners);
        var result = new Tensor(output, [geometry.Batch, geometry.Channels, geometry.OutHeight, geometry.OutWidth]);
        return Record(result, "max_pool2d", [this], g =>
        {
            var grad = NewStorage(ElementCount, device);
            device.Backend.MaxPool2dBackward(g.ReadContiguous(), winners, geometry, grad);
            return [new Tensor(grad, Shape)];
        });
    }
}

using DeepLearning.Backends;

namespace DeepLearning;

// im2col and the convolution. Taught in chapter 6, section 6.2 (notebooks/06-convolutional-networks.ipynb); the backward, col2im, in section 6.4 (task 6.7).
public sealed partial class Tensor
{
    /// <summary>
    /// Unfolds every sliding window of an image batch into a column ("im2col"), so that a convolution becomes
    /// one matrix product. Input (N, C, H, W) → output (N, C·kh·kw, L), L = outH·outW, with
    /// outH = ⌊(H + 2·padding - kh) / stride⌋ + 1 (likewise outW). Row c·kh·kw + i·kw + j of column
    /// oy·outW + ox holds x[n, c, oy·stride - padding + i, ox·stride - padding + j], or 0 in the padding.
    /// </summary>
    /// <remarks>
    /// The backward ("col2im") adds each column entry's gradient back to the pixel it was read from; a pixel
    /// read by several overlapping windows collects all of their gradients.
    /// </remarks>
    public Tensor Im2Col(int kernelHeight, int kernelWidth, int stride = 1, int padding = 0)
    {
        var geometry = ConvolutionGeometry.Create("im2col", _shape, kernelHeight, kernelWidth, stride, padding);
        var device = Device;
        var columns = NewStorage(geometry.Batch * geometry.Rows * geometry.Length, device);
        device.Backend.Im2Col(ReadContiguous(), columns, geometry);
        var result = new Tensor(columns, [geometry.Batch, geometry.Rows, geometry.Length]);
        return Record(result, "im2col", [this], g =>
        {
            var grad = NewStorage(ElementCount, device);
            device.Backend.Col2Im(g.ReadContiguous(), grad, geometry);
            return [new Tensor(grad, Shape)];
        });
    }

    /// <summary>
    /// 2-D convolution (strictly, cross-correlation, as in every deep-learning library), as
    /// <c>torch.nn.functional.conv2d</c>: images (N, C, H, W), weight (O, C, kh, kw), bias (O) or null →
    /// (N, O, outH, outW), y[n, o, oy, ox] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, c, oy·stride - padding + i, ox·stride - padding + j].
    /// </summary>
    /// <remarks>
    /// A backend that implements <see cref="IConvolutionBackend"/> computes it whole (the fast CPU backend, one
    /// image at a time, without the batch's columns; the GPU backend as implicit matrix products); any other runs
    /// <see cref="Conv2dByIm2Col"/>, the definition chapter 6 builds.
    /// </remarks>
    public Tensor Conv2d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        var (geometry, outChannels) = CheckConvolution(weight, bias, stride, padding);
        var device = ConvolutionDevice(weight, bias);
        if (device.Backend is not IConvolutionBackend backend)
        {
            return Conv2dByIm2Col(weight, bias, stride, padding);
        }
        var images = ReadContiguous();
        var weights = weight.ReadContiguous();
        var output = NewConvolutionOutput(geometry, outChannels, device);
        backend.Convolve(images, weights, bias?.ReadContiguous(), output.Storage, geometry, outChannels);
        return RecordConvolution(output, "conv2d", weight, bias, device, outChannels, (upstream, imagesGrad, weightGrad, biasGrad) =>
            backend.ConvolveBackward(images, weights, upstream, imagesGrad, weightGrad, biasGrad, geometry, outChannels));
    }

    /// <summary>
    /// <c>Conv2d(weight, bias, stride, padding).Relu()</c> as one op where the backend offers it
    /// (<see cref="IConvolutionReluBackend"/>: the fast CPU backend applies the ReLU to each image's output while it
    /// is in the cache, and masks the gradient the same way), with the same results bit for bit; elsewhere exactly
    /// those two ops. <see cref="NN.Sequential"/> calls it for a Conv2d followed by a ReLU.
    /// </summary>
    public Tensor Conv2dRelu(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        var (geometry, outChannels) = CheckConvolution(weight, bias, stride, padding);
        var device = ConvolutionDevice(weight, bias);
        if (device.Backend is not IConvolutionReluBackend backend)
        {
            return Conv2d(weight, bias, stride, padding).Relu();
        }
        var images = ReadContiguous();
        var weights = weight.ReadContiguous();
        var output = NewConvolutionOutput(geometry, outChannels, device);
        backend.ConvolveRelu(images, weights, bias?.ReadContiguous(), output.Storage, geometry, outChannels, pool: null);
        var activations = output.Storage;
        return RecordConvolution(output, "conv2d_relu", weight, bias, device, outChannels, (upstream, imagesGrad, weightGrad, biasGrad) =>
            backend.ConvolveReluBackward(images, weights, activations, upstream, imagesGrad, weightGrad, biasGrad, geometry, outChannels, pool: null));
    }

    /// <summary>
    /// <c>Conv2d(weight, bias, stride, padding).Relu().MaxPool2d(poolKernel, poolStride)</c> as one op where the
    /// backend offers it (<see cref="IConvolutionReluBackend"/>: the fast CPU backend pools each image's output while
    /// it is in the cache and never stores the full-size output), with the same results; elsewhere exactly those
    /// three ops. <see cref="NN.Sequential"/> calls it for a Conv2d, a ReLU and a MaxPool2d in a row.
    /// </summary>
    public Tensor Conv2dReluMaxPool2d(Tensor weight, Tensor? bias, int stride, int padding, int poolKernel, int poolStride)
    {
        var (geometry, outChannels) = CheckConvolution(weight, bias, stride, padding);
        var device = ConvolutionDevice(weight, bias);
        if (device.Backend is not IConvolutionReluBackend backend)
        {
            return Conv2dRelu(weight, bias, stride, padding).MaxPool2d(poolKernel, poolStride);
        }
        // The pooling's geometry over one image's convolution output, so that its winners are positions in that image.
        var poolGeometry = ConvolutionGeometry.Create("max_pool2d", [geometry.Batch, outChannels, geometry.OutHeight, geometry.OutWidth], poolKernel, poolKernel, poolStride, 0)
            with { Batch = 1 };
        var pooledLength = outChannels * poolGeometry.Length;
        var pool = new MaxPoolingAfterConvolution(poolGeometry, BufferPool.RentIndices(geometry.Batch * pooledLength));
        var images = ReadContiguous();
        var weights = weight.ReadContiguous();
        var output = new Tensor(NewStorage(geometry.Batch * pooledLength, device),
            [geometry.Batch, outChannels, poolGeometry.OutHeight, poolGeometry.OutWidth]);
        backend.ConvolveRelu(images, weights, bias?.ReadContiguous(), output.Storage, geometry, outChannels, pool);
        var activations = output.Storage;
        return RecordConvolution(output, "conv2d_relu_max_pool2d", weight, bias, device, outChannels, (upstream, imagesGrad, weightGrad, biasGrad) =>
            backend.ConvolveReluBackward(images, weights, activations, upstream, imagesGrad, weightGrad, biasGrad, geometry, outChannels, pool));
    }

    /// <summary>The device that the images, the weight and the bias (if any) share; an error names the op otherwise.</summary>
    private Device ConvolutionDevice(Tensor weight, Tensor? bias) =>
        bias is null ? DeviceOf("conv2d", this, weight) : DeviceOf("conv2d", this, weight, bias);

    private static Tensor NewConvolutionOutput(ConvolutionGeometry geometry, int outChannels, Device device) =>
        new(NewStorage(geometry.Batch * outChannels * geometry.Length, device), [geometry.Batch, outChannels, geometry.OutHeight, geometry.OutWidth]);

    /// <summary>The backward of a whole-convolution op: dL/d(images), dL/dW and dL/db, each only where it is needed.</summary>
    private delegate void ConvolutionBackward(float[] upstream, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad);

    private Tensor RecordConvolution(
        Tensor output, string op, Tensor weight, Tensor? bias, Device device, int outChannels, ConvolutionBackward backward)
    {
        Tensor[] inputs = bias is null ? [this, weight] : [this, weight, bias];
        return Record(output, op, inputs, g =>
        {
            var imagesGrad = RequiresGrad ? NewStorage(ElementCount, device) : null;
            var weightGrad = NewStorage(weight.ElementCount, device);
            var biasGrad = bias is not null && bias.RequiresGrad ? NewStorage(outChannels, device) : null;
            backward(g.ReadContiguous(), imagesGrad, weightGrad, biasGrad);
            var gradients = new Tensor?[inputs.Length];
            gradients[0] = imagesGrad is null ? null : new Tensor(imagesGrad, Shape);
            gradients[1] = weight.RequiresGrad ? new Tensor(weightGrad, weight.Shape) : null;
            if (biasGrad is not null)
            {
                gradients[2] = new Tensor(biasGrad, [outChannels]);
            }
            return gradients;
        });
    }

    /// <summary>
    /// The convolution as chapter 6 defines it: im2col, one matrix product (O, C·kh·kw) @ (N, C·kh·kw, L) →
    /// (N, O, L), and the bias added per output channel. Its backward comes from the three ops' backwards.
    /// </summary>
    public Tensor Conv2dByIm2Col(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        var (geometry, outChannels) = CheckConvolution(weight, bias, stride, padding);
        var columns = Im2Col(geometry.KernelHeight, geometry.KernelWidth, stride, padding);
        var output = weight.Reshape(outChannels, -1).MatMul(columns).Reshape(geometry.Batch, outChannels, geometry.OutHeight, geometry.OutWidth);
        return bias is null ? output : output + bias.Reshape(1, outChannels, 1, 1);
    }

    private (ConvolutionGeometry Geometry, int OutChannels) CheckConvolution(Tensor weight, Tensor? bias, int stride, int padding)
    {
        if (weight.Rank != 4 || Rank != 4 || weight._shape[1] != _shape[1])
        {
            throw new ArgumentException(
                $"conv2d: images {ShapeText} and weight {weight.ShapeText} do not fit: expected images (N, C, H, W) and weight (O, C, kh, kw) with the same C");
        }
        var outChannels = weight._shape[0];
        if (bias is not null && (bias.Rank != 1 || bias._shape[0] != outChannels))
        {
            throw new ArgumentException($"conv2d: bias {bias.ShapeText} does not fit weight {weight.ShapeText}: expected ({outChannels})");
        }
        var geometry = ConvolutionGeometry.Create("conv2d", _shape, weight._shape[2], weight._shape[3], stride, padding);
        return (geometry, outChannels);
    }
}

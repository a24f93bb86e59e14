using DeepLearning.Backends;
using DeepLearning.Gpu.Accelerators;
using DeepLearning.Gpu.Backend.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DeepLearning.Gpu.Backend;

/// <summary>
/// The convolution as implicit products (<see cref="ConvolutionProducts"/>): the forward with its bias, and the
/// gradients of the images, the weight and the bias, without the im2col matrix that <see cref="Tensor.Conv2dByIm2Col"/>
/// writes and reads back (for chapter 6's second layer at batch 128, 32·9 × 128·196 floats: 29 MB each way).
/// </summary>
public sealed partial class GpuBackend : IConvolutionBackend
{
    /// <summary>
    /// The depth (K) one group of a split product walks at least: 32 steps of 16, enough to amortise writing its
    /// partial block of C.
    /// </summary>
    internal const int SplitDepth = 512;

    public void Convolve(float[] images, float[] weight, float[]? bias, float[] output, ConvolutionGeometry geometry, int outChannels)
    {
        var weights = Buffer(weight, "conv2d");
        Launch(new ConvolutionProducts.Forward
        {
            Images = Buffer(images, "conv2d"),
            Weight = weights,
            BiasValues = bias is null ? weights : Buffer(bias, "conv2d"),
            HasBias = bias is null ? 0 : 1,
            Geometry = new ImageGeometry(geometry),
            OutChannels = outChannels,
        }, Buffer(output, "conv2d"));
    }

    public void ConvolveBackward(
        float[] images, float[] weight, float[] outputGrad, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad,
        ConvolutionGeometry geometry, int outChannels)
    {
        var g = new ImageGeometry(geometry);
        var upstream = Buffer(outputGrad, "conv2d backward");
        if (imagesGrad is not null)
        {
            Launch(new ConvolutionProducts.InputGradient { Weight = Buffer(weight, "conv2d backward"), OutputGrad = upstream, Geometry = g, OutChannels = outChannels },
                Buffer(imagesGrad, "conv2d backward"));
        }
        Launch(new ConvolutionProducts.WeightGradient { Images = Buffer(images, "conv2d backward"), OutputGrad = upstream, Geometry = g, OutChannels = outChannels },
            Buffer(weightGrad, "conv2d backward"));
        if (biasGrad is not null)
        {
            Launch(new ConvolutionProducts.BiasGradient { OutputGrad = upstream, Geometry = g, OutChannels = outChannels }, Buffer(biasGrad, "conv2d backward"));
        }
    }

    /// <summary>
    /// Queues one implicit product: a group a block of C, as the plan's matrix product does, and when C has fewer
    /// blocks than the device runs groups at once (the weight gradient: O × C·kh·kw, a few blocks, over K = N·L in
    /// the tens of thousands) the sum over K split among groups, and the splits added after (<see cref="Splits"/>).
    /// </summary>
    private void Launch<TProduct>(TProduct product, ArrayView<float> output) where TProduct : struct, IImplicitProduct
    {
        _device.Accelerator.Bind();
        var (rows, depth, columns) = (product.Rows, product.Depth, product.Columns);
        if (rows == 0 || columns == 0)
        {
            return;
        }
        var side = _plan.MatMulThreadsPerSide;
        var blocks = new Index2D(Grids.CeilDiv(columns, 4 * side), Grids.CeilDiv(rows, 4 * side));
        var split = Splits(blocks.Size, depth, side);
        var partials = split.Splits == 1 ? output : Buffer(_device.NewStorage(split.Splits * rows * columns), "conv2d");
        _device.Kernels.Load<TProduct, ArrayView<float>, ArrayView<float>, ProductSplit>(ImplicitProductKernels.Product)(
            new KernelConfig(new Index3D(blocks.X, blocks.Y, split.Splits), new Index3D(side, side, 1)), product, output, partials, split);
        if (split.Splits > 1)
        {
            _device.Kernels.Load<TProduct, ArrayView<float>, ArrayView<float>, int>(ImplicitProductKernels.SumSplits)(
                GridStride(rows * columns), product, output, partials, split.Splits);
        }
    }

    /// <summary>
    /// Splits of K so that C's <paramref name="blocks"/> make about twice as many groups as the device runs at once,
    /// each split walking at least <see cref="SplitDepth"/>; none in a plan of one-thread groups (the CPU
    /// accelerator's, which runs a group at a time) or when the blocks alone fill the device.
    /// </summary>
    private ProductSplit Splits(long blocks, int depth, int side)
    {
        var wanted = side == 1 ? 1 : Math.Max(1, 2 * Grids.ResidentGroups(_device.Accelerator) / blocks);
        var splits = (int)Math.Min(Math.Min(wanted, Grids.CeilDiv(depth, SplitDepth)), MaxBatchGroups);
        if (splits <= 1)
        {
            return new ProductSplit { ThreadsPerSide = side, DepthPerSplit = Math.Max(depth, 1), Splits = 1 };
        }
        var depthPerSplit = Grids.CeilDiv(Grids.CeilDiv(depth, splits), StridedMatMulKernels.BlockDepth) * StridedMatMulKernels.BlockDepth;
        return new ProductSplit { ThreadsPerSide = side, DepthPerSplit = depthPerSplit, Splits = Grids.CeilDiv(depth, depthPerSplit) };
    }
}

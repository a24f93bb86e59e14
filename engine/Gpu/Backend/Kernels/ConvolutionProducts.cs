using ILGPU;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>
/// The convolution and its gradients as implicit matrix products (<see cref="IImplicitProduct"/>): the products
/// chapter 6 writes with im2col, with each entry of the unfolded matrix computed where the kernel reads it, so that
/// the (C·kh·kw) × (N·L) matrix never exists. Images (N, C, H, W), weight (O, C, kh, kw), output (N, O, outH, outW),
/// row-major; L = outH·outW window positions; a row (c, i, j) of the unfolded matrix is one weight's input tap.
/// </summary>
/// <remarks>
/// With X the unfolded images (rows (c, i, j), columns (n, position)) and W the weight as an O × C·kh·kw matrix:
/// <code>
///   Y  = W·X + b              forward:         M = O,       K = C·kh·kw,  N = N·L
///   dX = fold(Wᵀ·dY)          input gradient:  M = C,       K = O·kh·kw,  N = N·H·W  (the fold gathered per pixel)
///   dW = dY·Xᵀ                weight gradient: M = O,       K = N·L,      N = C·kh·kw
///   db = dY·1                 bias gradient:   M = O,       K = N·L,      N = 1
/// </code>
/// The input gradient gathers: pixel (y, x) receives, from tap (i, j) of output channel o, dY at the window
/// (oy, ox) = ((y + P - i) / S, (x + P - j) / S) when both divisions are exact and inside the output, so every
/// thread writes its own pixels and no atomics are needed.
/// </remarks>
public static class ConvolutionProducts
{
    /// <summary>Y[n, o, position] = Σ_(c,i,j) W[o, (c,i,j)] · X[(c,i,j), (n, position)] + b[o].</summary>
    public struct Forward : IImplicitProduct
    {
        public ArrayView<float> Images, Weight, BiasValues;
        public ImageGeometry Geometry;
        public int OutChannels, HasBias;

        public readonly int Rows => OutChannels;

        public readonly int Depth => Geometry.Rows;

        public readonly int Columns => Geometry.Batch * Geometry.Length;

        public readonly float A(int row, int depth) => Weight[row * Geometry.Rows + depth];

        public readonly float B(int depth, int column) =>
            Geometry.Unfolded(Images, column / Geometry.Length, depth, column % Geometry.Length);

        public readonly int OutputIndex(int row, int column) =>
            (column / Geometry.Length * OutChannels + row) * Geometry.Length + column % Geometry.Length;

        public readonly float Bias(int row) => HasBias != 0 ? BiasValues[row] : 0f;
    }

    /// <summary>dX[n, c, y, x] = Σ_(o,i,j) W[o, c, i, j] · dY[n, o, (y + P - i) / S, (x + P - j) / S] over the windows that read (y, x).</summary>
    public struct InputGradient : IImplicitProduct
    {
        public ArrayView<float> Weight, OutputGrad;
        public ImageGeometry Geometry;
        public int OutChannels;

        private readonly int Taps => Geometry.KernelHeight * Geometry.KernelWidth;

        private readonly int Pixels => Geometry.Height * Geometry.Width;

        public readonly int Rows => Geometry.Channels;

        public readonly int Depth => OutChannels * Taps;

        public readonly int Columns => Geometry.Batch * Pixels;

        /// <summary>W[o, c, i, j] for depth (o, i, j).</summary>
        public readonly float A(int row, int depth) =>
            Weight[(depth / Taps * Geometry.Channels + row) * Taps + depth % Taps];

        public readonly float B(int depth, int column)
        {
            var g = Geometry;
            var o = depth / Taps;
            var i = depth % Taps / g.KernelWidth;
            var j = depth % g.KernelWidth;
            var top = column / g.Width % g.Height + g.Padding - i;
            var left = column % g.Width + g.Padding - j;
            if (top < 0 || left < 0 || top % g.Stride != 0 || left % g.Stride != 0 || top / g.Stride >= g.OutHeight || left / g.Stride >= g.OutWidth)
            {
                return 0f;
            }
            return OutputGrad[((column / Pixels * OutChannels + o) * g.OutHeight + top / g.Stride) * g.OutWidth + left / g.Stride];
        }

        public readonly int OutputIndex(int row, int column) => (column / Pixels * Geometry.Channels + row) * Pixels + column % Pixels;

        public readonly float Bias(int row) => 0f;
    }

    /// <summary>dW[o, (c,i,j)] = Σ_(n, position) dY[n, o, position] · X[(c,i,j), (n, position)].</summary>
    public struct WeightGradient : IImplicitProduct
    {
        public ArrayView<float> Images, OutputGrad;
        public ImageGeometry Geometry;
        public int OutChannels;

        public readonly int Rows => OutChannels;

        public readonly int Depth => Geometry.Batch * Geometry.Length;

        public readonly int Columns => Geometry.Rows;

        public readonly float A(int row, int depth) => OutputGradAt(OutputGrad, Geometry, OutChannels, row, depth);

        public readonly float B(int depth, int column) =>
            Geometry.Unfolded(Images, depth / Geometry.Length, column, depth % Geometry.Length);

        public readonly int OutputIndex(int row, int column) => row * Geometry.Rows + column;

        public readonly float Bias(int row) => 0f;
    }

    /// <summary>db[o] = Σ_(n, position) dY[n, o, position]: the weight gradient's product with a column of ones.</summary>
    public struct BiasGradient : IImplicitProduct
    {
        public ArrayView<float> OutputGrad;
        public ImageGeometry Geometry;
        public int OutChannels;

        public readonly int Rows => OutChannels;

        public readonly int Depth => Geometry.Batch * Geometry.Length;

        public readonly int Columns => 1;

        public readonly float A(int row, int depth) => OutputGradAt(OutputGrad, Geometry, OutChannels, row, depth);

        public readonly float B(int depth, int column) => 1f;

        public readonly int OutputIndex(int row, int column) => row;

        public readonly float Bias(int row) => 0f;
    }

    /// <summary>dY as an O × (N·L) matrix: element (o, (n, position)) at (n·O + o)·L + position.</summary>
    private static float OutputGradAt(ArrayView<float> outputGrad, ImageGeometry g, int outChannels, int o, int depth) =>
        outputGrad[(depth / g.Length * outChannels + o) * g.Length + depth % g.Length];
}

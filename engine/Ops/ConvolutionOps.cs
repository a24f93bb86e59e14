using DeepLearning.Backends;

namespace DeepLearning;

// im2col. Taught in chapter 6, section 6.2 (notebooks/06-convolutional-networks.ipynb); its backward, col2im, in section 6.4 (task 6.7).
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
}

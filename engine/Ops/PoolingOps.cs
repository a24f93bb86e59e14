namespace DeepLearning;

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
        var source = ReadContiguous();
        var planes = geometry.Batch * geometry.Channels;
        var output = new float[planes * geometry.Length];
        var winners = new int[output.Length];
        Parallel.For(0, planes, plane =>
        {
            for (var oy = 0; oy < geometry.OutHeight; oy++)
            {
                for (var ox = 0; ox < geometry.OutWidth; ox++)
                {
                    var best = -1;
                    for (var i = 0; i < kernelSize; i++)
                    {
                        var row = (plane * geometry.Height + oy * stride + i) * geometry.Width + ox * stride;
                        for (var j = 0; j < kernelSize; j++)
                        {
                            if (best < 0 || source[row + j] > source[best] || float.IsNaN(source[row + j]))
                            {
                                best = row + j;
                            }
                        }
                    }
                    var target = (plane * geometry.OutHeight + oy) * geometry.OutWidth + ox;
                    output[target] = source[best];
                    winners[target] = best;
                }
            }
        });
        var result = new Tensor(output, [geometry.Batch, geometry.Channels, geometry.OutHeight, geometry.OutWidth]);
        return Record(result, "max_pool2d", [this], g =>
        {
            var upstream = g.ReadContiguous();
            var grad = new float[ElementCount];
            for (var i = 0; i < upstream.Length; i++)
            {
                grad[winners[i]] += upstream[i];
            }
            return [new Tensor(grad, Shape)];
        });
    }
}

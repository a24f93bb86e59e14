namespace DeepLearning.Backends;

/// <summary>Plain loops, one thread: the definition the other backends are tested against.</summary>
public sealed class ReferenceBackend : IBackend
{
    public string Name => "reference";

    /// <remarks>
    /// The loops run i, p, j so that the innermost loop walks rows of B and C in order (cache-friendly);
    /// the textbook i, j, p order strides down the columns of B.
    /// </remarks>
    public void MatMul(ReadOnlyMemory<float> aMemory, ReadOnlyMemory<float> bMemory, Memory<float> cMemory, int m, int k, int n)
    {
        var a = aMemory.Span;
        var b = bMemory.Span;
        var c = cMemory.Span;
        c.Clear();
        for (var i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            for (var p = 0; p < k; p++)
            {
                var scale = a[i * k + p];
                var bRow = b.Slice(p * n, n);
                for (var j = 0; j < n; j++)
                {
                    cRow[j] += scale * bRow[j];
                }
            }
        }
    }

    public void Im2Col(float[] images, float[] columns, ConvolutionGeometry geometry)
    {
        Array.Clear(columns);
        geometry.ForEachTap((imageIndex, columnIndex) => columns[columnIndex] = images[imageIndex]);
    }

    public void Col2Im(float[] columns, float[] images, ConvolutionGeometry geometry) =>
        geometry.ForEachTap((imageIndex, columnIndex) => images[imageIndex] += columns[columnIndex]);
}

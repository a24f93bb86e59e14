namespace DeepLearning.Backends;

/// <summary>
/// The heavy loops of the engine, behind one narrow interface so that they can be swapped: the ops
/// (shapes, broadcasting, autograd) stay the same, and only how the numbers are crunched changes. Every
/// backend computes the same mathematics; the reference backend is its readable definition.
/// </summary>
public interface IBackend
{
    string Name { get; }

    // Memory rather than Span: a parallel backend hands the buffers to worker threads.

    /// <summary>C = A B for row-major A (m×k), B (k×n) and C (m×n): C[i,j] = Σ_p A[i,p] B[p,j]. Overwrites C.</summary>
    void MatMul(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b, Memory<float> c, int m, int k, int n);

    /// <summary>Unfolds (N, C, H, W) images into (N, C·kh·kw, outH·outW) columns (see <see cref="Tensor.Im2Col"/>). Overwrites the columns.</summary>
    void Im2Col(float[] images, float[] columns, ConvolutionGeometry geometry);

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds every column entry into the pixel it was read from.</summary>
    void Col2Im(float[] columns, float[] images, ConvolutionGeometry geometry);
}

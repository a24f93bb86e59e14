using DeepLearning.Backends;

namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product, as <c>torch.matmul</c>: (m,k) @ (k,n) → (m,n). Leading axes are batch axes and
    /// broadcast: (b,m,k) @ (k,n) → (b,m,n), (2,1,m,k) @ (3,k,n) → (2,3,m,n). A 1-D left operand is a row
    /// vector and a 1-D right operand a column vector; the added axis is removed from the result.
    /// </summary>
    /// <remarks>
    /// C = A B, so for a loss L: dL/dA = dL/dC · Bᵀ and dL/dB = Aᵀ · dL/dC, each summed over the batch axes
    /// that broadcasting added to that operand.
    /// </remarks>
    public Tensor MatMul(Tensor other)
    {
        if (Rank == 0 || other.Rank == 0)
        {
            throw new ArgumentException($"matmul: {ShapeText} @ {other.ShapeText}: both operands need at least one axis");
        }
        var left = Rank == 1 ? Unsqueeze(0) : this;
        var right = other.Rank == 1 ? other.Unsqueeze(-1) : other;
        var product = MatMulBatched(left, right, ShapeText, other.ShapeText);
        if (Rank == 1)
        {
            product = product.Squeeze(-2);
        }
        return other.Rank == 1 ? product.Squeeze(-1) : product;
    }

    private static Tensor MatMulBatched(Tensor a, Tensor b, string shapeA, string shapeB)
    {
        int m = a._shape[^2], k = a._shape[^1], kb = b._shape[^2], n = b._shape[^1];
        if (k != kb)
        {
            throw new ArgumentException($"matmul: {shapeA} @ {shapeB}: inner dimensions {k} and {kb} differ");
        }
        var batch = Shapes.Broadcast($"matmul: {shapeA} @ {shapeB}: batch axes", a._shape.AsSpan(..^2), b._shape.AsSpan(..^2));
        var left = a.Expand([.. batch, m, k]).Contiguous().ReadContiguous();
        var right = b.Expand([.. batch, k, n]).Contiguous().ReadContiguous();
        var batches = Shapes.ElementCount(batch);
        var result = new float[batches * m * n];
        for (var t = 0; t < batches; t++)
        {
            Backend.Current.MatMul(left.AsMemory(t * m * k, m * k), right.AsMemory(t * k * n, k * n), result.AsMemory(t * m * n, m * n), m, k, n);
        }
        var product = new Tensor(result, [.. batch, m, n]);
        return Record(product, "matmul", [a, b], g =>
        [
            g.MatMul(b.Transpose(-1, -2)).SumToShape(a._shape),
            a.Transpose(-1, -2).MatMul(g).SumToShape(b._shape),
        ]);
    }
}

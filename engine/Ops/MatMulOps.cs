using DeepLearning.Backends;

namespace DeepLearning;

// The matrix product and its backward. Taught in chapter 3, section 3.2 (notebooks/03-backpropagation-through-tensors.ipynb);
// the loops behind it (engine/Backends/MatMul) are chapter 9's.
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
        if (left.Rank > 2 && right.Rank == 2 && left._shape[^1] == right._shape[0])
        {
            // (…, m, k) @ (k, n) is one (… · m, k) @ (k, n) product, as torch.matmul folds it: one large
            // matrix product instead of a batch of small ones, and for a layer applied to every position of a
            // sequence, dL/dW = Aᵀ · dL/dC comes out as one product instead of a batch summed together.
            // The row count is spelled out: reshape cannot infer -1 when k is 0.
            var folded = MatMulBatched(left.Reshape(Shapes.ElementCount(left._shape[..^1]), left._shape[^1]), right, ShapeText, other.ShapeText);
            int[] foldedShape = [.. left._shape[..^1], right._shape[1]];
            var unfolded = folded.Reshape(foldedShape);
            return other.Rank == 1 ? unfolded.Squeeze(-1) : unfolded;
        }
        var product = MatMulBatched(left, right, ShapeText, other.ShapeText);
        if (Rank == 1)
        {
            product = product.Squeeze(-2);
        }
        return other.Rank == 1 ? product.Squeeze(-1) : product;
    }

    /// <remarks>
    /// No operand is copied: each matrix of the batch is handed to the backend where it lies, with its strides
    /// (a transposed weight, a broadcast batch axis with stride 0). The backward multiplies by Bᵀ and Aᵀ the same
    /// way (swapped strides), adds the products of a broadcast batch straight into one gradient, and skips an
    /// operand that needs no gradient (a network's input).
    /// </remarks>
    private static Tensor MatMulBatched(Tensor a, Tensor b, string shapeA, string shapeB)
    {
        int m = a._shape[^2], k = a._shape[^1], kb = b._shape[^2], n = b._shape[^1];
        if (k != kb)
        {
            throw new ArgumentException($"matmul: {shapeA} @ {shapeB}: inner dimensions {k} and {kb} differ");
        }
        var batch = Shapes.Broadcast($"matmul: {shapeA} @ {shapeB}: batch axes", a._shape.AsSpan(..^2), b._shape.AsSpan(..^2));
        var device = DeviceOf("matmul", a, b);
        int[] productShape = [.. batch, m, n];
        var product = new Tensor(NewStorage(Shapes.ElementCount("matmul", productShape), device), productShape);
        device.Backend.MatMul(a.MatricesOf(batch), b.MatricesOf(batch), product.MatricesOf(batch), m, k, n, accumulate: false);
        return Record(product, "matmul", [a, b], g =>
        [
            a.RequiresGrad ? ProductSummedTo(a, g.MatricesOf(batch), b.MatricesOf(batch).Transposed, batch, n) : null,
            b.RequiresGrad ? ProductSummedTo(b, a.MatricesOf(batch).Transposed, g.MatricesOf(batch), batch, m) : null,
        ]);
    }

    /// <summary>
    /// Σ over the batch of left_t · right_t: the gradient of <paramref name="operand"/>, in a new tensor of its
    /// shape. Products whose batch index differs only along axes where the operand was broadcast add into the
    /// same matrix. <paramref name="depth"/> is the inner dimension of the products.
    /// </summary>
    /// <remarks>
    /// The gradient is laid out like the operand: for an operand stored column by column (Linear's Wᵀ, a view
    /// of the row-major W), it computes Gᵀ = rightᵀ · leftᵀ into row-major storage and returns the transposed
    /// view, so the gradient that reaches W is row-major and no transposing copy is ever made.
    /// </remarks>
    private static Tensor ProductSummedTo(Tensor operand, MatrixBatch left, MatrixBatch right, int[] batch, int depth)
    {
        var shape = operand._shape;
        int rows = shape[^2], columns = shape[^1];
        var summed = Shapes.ElementCount(shape) / Math.Max(1, rows * columns) < Shapes.ElementCount(batch);
        // Summed products accumulate into zeros; otherwise every element is written once.
        var device = operand.Device;
        var storage = summed ? Zeros(shape, device).Storage : NewStorage(Shapes.ElementCount(shape), device);
        var columnMajor = operand._strides[^2] == 1 && operand._strides[^1] != 1 && rows > 1 && columns > 1;
        if (!columnMajor)
        {
            var gradient = new Tensor(storage, (int[])shape.Clone());
            device.Backend.MatMul(left, right, gradient.MatricesOf(batch), rows, depth, columns, accumulate: summed);
            return gradient;
        }
        var transposed = new Tensor(storage, [.. shape[..^2], columns, rows]);
        device.Backend.MatMul(right.Transposed, left.Transposed, transposed.MatricesOf(batch), columns, depth, rows, accumulate: summed);
        var strides = (int[])transposed._strides.Clone();
        (strides[^2], strides[^1]) = (strides[^1], strides[^2]);
        return new Tensor(storage, (int[])shape.Clone(), strides, 0);
    }

    /// <summary>
    /// The matrices (last two axes) of this tensor for every index of <paramref name="batch"/>, in row-major
    /// order; batch axes along which this tensor is broadcast repeat the same matrix (stride 0).
    /// </summary>
    private MatrixBatch MatricesOf(int[] batch)
    {
        var batchStrides = BroadcastStrides(_shape.AsSpan(..^2), _strides.AsSpan(..^2), batch);
        var offsets = new StridedView([], Offset, batch, batchStrides).ElementOffsets();
        return new MatrixBatch(Storage, offsets, _strides[^2], _strides[^1]);
    }
}

namespace DeepLearning.Backends;

/// <summary>
/// The loops of the engine, behind one narrow interface so that they can be swapped: the ops (shapes,
/// broadcasting, autograd) stay the same, and only how the numbers are crunched changes. Every backend computes
/// the same mathematics; <see cref="ReferenceBackend"/> is its readable definition and the test suite runs
/// over each backend.
/// </summary>
/// <remarks>
/// Operands come as <see cref="StridedView"/>s: any layout a view can have (transposed, sliced, broadcast
/// with stride 0) reaches the backend as it is, without a contiguous copy first. Outputs are views too; an
/// output may be the same view as an input (an in-place update), but must not overlap one otherwise.
/// </remarks>
public interface IBackend
{
    string Name { get; }

    /// <summary>y = f(x) element by element; x and y have the same shape.</summary>
    void Map<TFunction>(StridedView x, StridedView y) where TFunction : IUnaryFunction;

    /// <summary>y = f(x; p) element by element.</summary>
    void Map<TFunction>(StridedView x, float parameter, StridedView y) where TFunction : IUnaryFunctionWithParameter;

    /// <summary>y = f(a, b) element by element; a and b are already broadcast to y's shape (stride 0 where stretched).</summary>
    void Zip<TFunction>(StridedView a, StridedView b, StridedView y) where TFunction : IBinaryFunction;

    /// <summary>
    /// Folds x over the axes marked in <paramref name="reducedAxes"/>: y has x's shape with those axes of size 1,
    /// row-major, and y[kept index] = fold of x over every index that agrees with it on the kept axes.
    /// </summary>
    void Reduce<TReduction>(StridedView x, bool[] reducedAxes, float[] y) where TReduction : IReduction;

    /// <summary>
    /// For every t: C_t = A_t · B_t, or C_t += A_t · B_t when <paramref name="accumulate"/>, with A_t (m×k),
    /// B_t (k×n) and C_t (m×n): C[i,j] = Σ_p A[i,p] B[p,j]. Several t may name the same C only when
    /// <paramref name="accumulate"/> (a gradient summed over a broadcast batch axis).
    /// </summary>
    void MatMul(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, bool accumulate);

    /// <summary>Unfolds (N, C, H, W) images into (N, C·kh·kw, outH·outW) columns (see <see cref="Tensor.Im2Col"/>). Overwrites the columns.</summary>
    void Im2Col(float[] images, float[] columns, ConvolutionGeometry geometry);

    /// <summary>The adjoint of <see cref="Im2Col"/>: each pixel becomes the sum of the column entries read from it. Overwrites the images.</summary>
    void Col2Im(float[] columns, float[] images, ConvolutionGeometry geometry);

    /// <summary>
    /// Max pooling (no padding): output[w] = the largest value of window w of the (N, C, H, W) images, and
    /// winners[w] = its index in <paramref name="images"/>: the first maximum in row-major window order, or the
    /// last NaN (a NaN wins, as in PyTorch). See <see cref="Tensor.MaxPool2d"/>.
    /// </summary>
    void MaxPool2d(float[] images, ConvolutionGeometry geometry, float[] output, int[] winners);

    /// <summary>
    /// The backward of <see cref="MaxPool2d"/>: each window's gradient goes to its winner, gradient[winners[w]] +=
    /// upstream[w], and every other element of the (N, C, H, W) <paramref name="gradient"/> is 0. Overwrites it.
    /// </summary>
    void MaxPool2dBackward(float[] upstream, int[] winners, ConvolutionGeometry geometry, float[] gradient);
    /// <summary>
    /// Picks one element along <paramref name="axis"/> for every position of the other axes:
    /// y[i] = x[position i of y's shape, with the index along the axis replaced by indices[i]], where y has x's
    /// shape with that axis of size 1 (row-major, overwritten) and i counts y's elements in row-major order.
    /// The indices are in range (checked by the op).
    /// </summary>
    void Gather(StridedView x, int axis, int[] indices, float[] y);

    /// <summary>
    /// The adjoint of <see cref="Gather"/> into a row-major <paramref name="gradient"/> of shape
    /// <paramref name="shape"/>: zero it, then gradient[position i, index indices[i] along the axis] += upstream[i].
    /// </summary>
    void ScatterAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient);

    /// <summary>
    /// The adjoint of picking whole slices along an axis (<c>index_select</c>): a row-major
    /// <paramref name="gradient"/> of <paramref name="shape"/>, seen as (outer, shape[axis], inner), is zeroed, then
    /// gradient[o, indices[i], j] += upstream[o, i, j] for the row-major (outer, indices.Length, inner)
    /// <paramref name="upstream"/>. Indices may repeat (their slices add up); they are in range (checked by the op).
    /// </summary>
    void IndexAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient);

    /// <summary>
    /// For each row of a row-major (rows × columns) matrix, the index (as a float) of its largest element: the
    /// first one on ties; a NaN is larger than every number (the first NaN wins, as torch.argmax).
    /// </summary>
    void ArgMaxRows(float[] x, int rows, int columns, float[] indices);

    /// <summary>
    /// Softmax of each row of a row-major (rows × columns) matrix, or its logarithm: with m = max of the row,
    /// y_j = e^(x_j - m) / Σ_i e^(x_i - m), or log y_j = x_j - m - log Σ_i e^(x_i - m). Stable for any finite x.
    /// </summary>
    void SoftmaxRows(float[] x, float[] y, int rows, int columns, bool logarithm);

    /// <summary>
    /// One Adam (or AdamW) step of one parameter, element by element (see <see cref="AdamStepSettings"/>); updates
    /// the parameter and both moments in place.
    /// </summary>
    void AdamStep(float[] parameter, float[] gradient, float[] firstMoment, float[] secondMoment, AdamStepSettings settings);
}

/// <summary>
/// What an Adam step needs: with g the gradient (plus λ·p unless the decay is decoupled),
/// m ← β₁m + (1-β₁)g, v ← β₂v + (1-β₂)g², p ← p - lr · (m / c₁) / (√(v / c₂) + ε), where c₁ = 1-β₁ᵗ and c₂ = 1-β₂ᵗ are
/// the bias corrections of step t; decoupled decay (AdamW) first does p ← p - lr·λ·p.
/// </summary>
public readonly record struct AdamStepSettings(
    float LearningRate, float Beta1, float Beta2, float Epsilon, float WeightDecay, bool DecoupledWeightDecay,
    float Correction1, float Correction2);

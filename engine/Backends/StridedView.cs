namespace DeepLearning.Backends;

/// <summary>
/// What a backend sees of a tensor: a flat array and the arithmetic that finds each element in it.
/// Element (i0, i1, ...) lives at <c>Storage[Offset + i0·Strides[0] + i1·Strides[1] + ...]</c>; a stride of 0
/// repeats one element along that axis (that is how a broadcast operand is described).
/// </summary>
public readonly record struct StridedView(float[] Storage, int Offset, int[] Shape, int[] Strides)
{
    /// <summary>A fresh row-major array of <paramref name="shape"/>.</summary>
    public static StridedView RowMajor(float[] storage, int[] shape) => new(storage, 0, shape, Shapes.ContiguousStrides(shape));

    /// <summary>
    /// The row-major output <paramref name="y"/> of a reduction over <paramref name="reducedAxes"/>, seen with the
    /// input's shape: stride 0 on the reduced axes, so walking it in step with the input lands each input element on
    /// the output element it folds into.
    /// </summary>
    public static StridedView ReducedOutput(float[] y, int[] inputShape, bool[] reducedAxes)
    {
        var strides = Shapes.ContiguousStrides(Shapes.Reduced(inputShape, reducedAxes));
        for (var axis = 0; axis < strides.Length; axis++)
        {
            strides[axis] = reducedAxes[axis] ? 0 : strides[axis];
        }
        return new StridedView(y, 0, inputShape, strides);
    }

    public int Rank => Shape.Length;

    public int ElementCount => Shapes.ElementCount(Shape);

    /// <summary>
    /// The storage position of every element, in row-major order of the shape. An odometer: the last index
    /// turns fastest, and when an index wraps round the next one to the left moves on. The reference backend
    /// reads every operand through this list; the fast backend walks runs instead (see <c>StridedRuns</c>).
    /// </summary>
    public int[] ElementOffsets()
    {
        var count = ElementCount;
        var offsets = new int[count];
        var index = new int[Rank];
        var position = Offset;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = position;
            for (var axis = Rank - 1; axis >= 0; axis--)
            {
                position += Strides[axis];
                if (++index[axis] < Shape[axis])
                {
                    break;
                }
                position -= Strides[axis] * Shape[axis];
                index[axis] = 0;
            }
        }
        return offsets;
    }
}

/// <summary>
/// A batch of equally sized matrices in one flat array: matrix t has its element (i, j) at
/// <c>Data[Offsets[t] + i·RowStride + j·ColumnStride]</c>. A transposed matrix is the same data with the two
/// strides swapped, so a backend multiplies by Aᵀ without copying A.
/// </summary>
public readonly record struct MatrixBatch(float[] Data, int[] Offsets, int RowStride, int ColumnStride)
{
    /// <summary>One row-major matrix with <paramref name="columns"/> columns, starting at <paramref name="offset"/>.</summary>
    public static MatrixBatch RowMajor(float[] data, int columns, int offset = 0) => new(data, [offset], columns, 1);

    public int Count => Offsets.Length;

    /// <summary>The same matrices transposed: (i, j) and (j, i) trade places by swapping the strides.</summary>
    public MatrixBatch Transposed => this with { RowStride = ColumnStride, ColumnStride = RowStride };

    /// <summary>Matrix <paramref name="t"/> alone.</summary>
    public StridedMatrix this[int t] => new(Data, Offsets[t], RowStride, ColumnStride);
}

/// <summary>One matrix inside a flat array: element (i, j) at <c>Data[Offset + i·RowStride + j·ColumnStride]</c>.</summary>
public readonly record struct StridedMatrix(float[] Data, int Offset, int RowStride, int ColumnStride)
{
    public static StridedMatrix RowMajor(float[] data, int columns, int offset = 0) => new(data, offset, columns, 1);

    public float this[int i, int j] => Data[Offset + i * RowStride + j * ColumnStride];

    public StridedMatrix Transposed => this with { RowStride = ColumnStride, ColumnStride = RowStride };

    /// <summary>The block that starts at row <paramref name="row"/> and column <paramref name="column"/>.</summary>
    public StridedMatrix At(int row, int column) => this with { Offset = Offset + row * RowStride + column * ColumnStride };
}

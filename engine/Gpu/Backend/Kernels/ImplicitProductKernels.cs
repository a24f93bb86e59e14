using ILGPU;
using ILGPU.Util;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary>
/// A matrix product C = A·B (+ a bias per row of C) whose operands are never stored as matrices: each element is
/// computed where it is read. The convolution's three products (<see cref="ConvolutionProducts"/>) read A and B out of
/// images, weights and gradients through the window arithmetic, so that no im2col matrix is ever written.
/// </summary>
public interface IImplicitProduct
{
    /// <summary>M: rows of A and C.</summary>
    int Rows { get; }

    /// <summary>K: columns of A, rows of B.</summary>
    int Depth { get; }

    /// <summary>N: columns of B and C.</summary>
    int Columns { get; }

    float A(int row, int depth);

    float B(int depth, int column);

    /// <summary>Where C[row, column] goes in the output buffer.</summary>
    int OutputIndex(int row, int column);

    /// <summary>Added to every element of C's row (0 for a product without bias).</summary>
    float Bias(int row);
}

/// <summary>How a launch of <see cref="ImplicitProductKernels.Product{TProduct}"/> shares out the work.</summary>
public struct ProductSplit
{
    /// <summary>The group is ThreadsPerSide² threads on a block of C 4·ThreadsPerSide on a side (the launch plan's).</summary>
    public int ThreadsPerSide;

    /// <summary>
    /// The depth one group walks. Less than K splits the sum over K among the grid's third axis ("split-K"): each
    /// split writes its partial C to a buffer of its own and <see cref="ImplicitProductKernels.SumSplits{TProduct}"/>
    /// adds them in order, so the result does not depend on timing (no atomics).
    /// </summary>
    public int DepthPerSplit;

    /// <summary>⌈K / DepthPerSplit⌉; 1 writes C directly.</summary>
    public int Splits;
}

/// <summary>
/// The register-tiled product of <see cref="StridedMatMulKernels"/> (a group on a 64×64 block of C, a thread on a
/// 4×4 tile, K walked 16 at a time through shared memory) with operands that are computed rather than loaded:
/// generic over an <see cref="IImplicitProduct"/>, which ILGPU compiles into the kernel with its calls inlined.
/// </summary>
/// <remarks>
/// Each operand element is read once from global memory per block tile and then serves 4 multiply-adds from
/// shared memory, as in the strided kernel; what an implicit operand adds is index arithmetic (a division or two
/// per element copied), which the 64 multiply-adds of each thread's depth step hide. Launch: grid
/// (⌈N/64⌉, ⌈M/64⌉, splits), groups of ThreadsPerSide² (<c>GpuBackend.Convolution</c>).
/// </remarks>
public static class ImplicitProductKernels
{
    private const int MaxBlockTile = StridedMatMulKernels.MaxBlockTile;
    private const int BlockDepth = StridedMatMulKernels.BlockDepth;

    public static void Product<TProduct>(TProduct product, ArrayView<float> output, ArrayView<float> partials, ProductSplit split)
        where TProduct : struct, IImplicitProduct
    {
        var aTile = SharedMemory.Allocate<float>(MaxBlockTile * (BlockDepth + 1)); // A[r, p] at r·17 + p
        var bTile = SharedMemory.Allocate<float>(BlockDepth * (MaxBlockTile + 1)); // B[p, j] at p·65 + j
        var x = Group.IdxX;
        var y = Group.IdxY;
        var side = split.ThreadsPerSide;
        var blockTile = 4 * side;
        var thread = y * side + x;
        var blockRow = Grid.IdxY * blockTile;
        var blockColumn = Grid.IdxX * blockTile;
        var (rows, columns) = (product.Rows, product.Columns);
        var depthStart = Grid.IdxZ * split.DepthPerSplit;
        var depthEnd = product.Depth < depthStart + split.DepthPerSplit ? product.Depth : depthStart + split.DepthPerSplit;

        var tile = default(ThreadTile);
        for (var step = depthStart; step < depthEnd; step += BlockDepth)
        {
            // Consecutive threads take consecutive depths of A (a weight row, a gradient run) and consecutive
            // columns of B (neighbouring output pixels, which read neighbouring input pixels).
            for (var e = thread; e < blockTile * BlockDepth; e += side * side)
            {
                int r = e / BlockDepth, p = e % BlockDepth;
                aTile[r * (BlockDepth + 1) + p] = blockRow + r < rows && step + p < depthEnd ? product.A(blockRow + r, step + p) : 0f;
                int q = e / blockTile, j = e % blockTile;
                bTile[q * (MaxBlockTile + 1) + j] = step + q < depthEnd && blockColumn + j < columns ? product.B(step + q, blockColumn + j) : 0f;
            }
            Group.Barrier();
            tile = StridedMatMulKernels.AddTileProducts(tile, aTile, bTile, x, y);
            Group.Barrier();
        }
        var column = blockColumn + 4 * x;
        Store(product, output, partials, split, tile.Row0, blockRow + 4 * y, column);
        Store(product, output, partials, split, tile.Row1, blockRow + 4 * y + 1, column);
        Store(product, output, partials, split, tile.Row2, blockRow + 4 * y + 2, column);
        Store(product, output, partials, split, tile.Row3, blockRow + 4 * y + 3, column);
    }

    /// <summary>C[i] = Σ over the splits, in order, of their partial C[i], plus the row's bias; one thread an element of C.</summary>
    public static void SumSplits<TProduct>(TProduct product, ArrayView<float> output, ArrayView<float> partials, int splits)
        where TProduct : struct, IImplicitProduct
    {
        var (rows, columns) = (product.Rows, product.Columns);
        var count = rows * columns;
        for (var e = Grid.GlobalIndex.X; e < count; e += Grid.DimX * Group.DimX)
        {
            var sum = 0f;
            for (var s = 0; s < splits; s++)
            {
                sum += partials[s * count + e];
            }
            var row = e / columns;
            output[product.OutputIndex(row, e % columns)] = sum + product.Bias(row);
        }
    }

    /// <summary>Writes C[row, column..column+3] (or the split's partial of it), leaving out what lies outside C.</summary>
    private static void Store<TProduct>(TProduct product, ArrayView<float> output, ArrayView<float> partials, ProductSplit split, Float4 values, int row, int column)
        where TProduct : struct, IImplicitProduct
    {
        if (row >= product.Rows)
        {
            return;
        }
        StoreOne(product, output, partials, split, values.X, row, column);
        StoreOne(product, output, partials, split, values.Y, row, column + 1);
        StoreOne(product, output, partials, split, values.Z, row, column + 2);
        StoreOne(product, output, partials, split, values.W, row, column + 3);
    }

    private static void StoreOne<TProduct>(TProduct product, ArrayView<float> output, ArrayView<float> partials, ProductSplit split, float value, int row, int column)
        where TProduct : struct, IImplicitProduct
    {
        if (column >= product.Columns)
        {
            return;
        }
        if (split.Splits == 1)
        {
            output[product.OutputIndex(row, column)] = value + product.Bias(row);
        }
        else
        {
            partials[(Grid.IdxZ * product.Rows + row) * product.Columns + column] = value;
        }
    }
}

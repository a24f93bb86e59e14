using DeepLearning.Backends.Fast;
using DeepLearning.Backends.MatMul;

namespace DeepLearning.Backends;

/// <summary>
/// The reference loops made fast: SIMD through vector loops over contiguous runs (the functions' span
/// overloads, mostly <c>TensorPrimitives</c>), the packed, register-tiled matrix product of
/// <see cref="ParallelMatMul"/>, and the cores shared out with <see cref="Parallel"/> where there is enough work.
/// </summary>
/// <param name="threads">How many threads one op may use; the number of cores by default.</param>
public sealed class FastCpuBackend(int threads = 0) : IBackend, IConvolutionReluBackend
{
    /// <summary>Below this many elements an element-wise op runs on one thread: a fork/join costs ~5-10 µs.</summary>
    private const long ParallelElements = 1 << 17;

    private readonly ParallelOptions _parallelOptions = new() { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };

    public int Threads => _parallelOptions.MaxDegreeOfParallelism;

    public string Name => "fast-cpu";

    public override string ToString() => Name;

    public void Map<TFunction>(StridedView x, StridedView y) where TFunction : IUnaryFunction
    {
        var layout = RunLayout.Of(x, y);
        var piece = new MapPiece<TFunction>(x, y, layout);
        ForEachPiece(layout, ref piece);
    }

    public void Map<TFunction>(StridedView x, float parameter, StridedView y) where TFunction : IUnaryFunctionWithParameter
    {
        var layout = RunLayout.Of(x, y);
        var piece = new MapWithParameterPiece<TFunction>(x, parameter, y, layout);
        ForEachPiece(layout, ref piece);
    }

    public void Zip<TFunction>(StridedView a, StridedView b, StridedView y) where TFunction : IBinaryFunction
    {
        var layout = RunLayout.Of(a, b, y);
        var piece = new ZipPiece<TFunction>(a, b, y, layout);
        ForEachPiece(layout, ref piece);
    }

    /// <remarks>One thread: pieces that fold into the same output element would race.</remarks>
    public void Reduce<TReduction>(StridedView x, bool[] reducedAxes, float[] y) where TReduction : IReduction
    {
        Array.Fill(y, TReduction.Identity);
        var layout = RunLayout.Of(x, StridedView.ReducedOutput(y, x.Shape, reducedAxes));
        var piece = new ReducePiece<TReduction>(x, y, layout);
        layout.ForEachPiece(0, layout.PieceCount, ref piece);
    }

    public void MatMul(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, bool accumulate) =>
        ParallelMatMul.Multiply(a, b, c, m, k, n, accumulate, Threads);

    public void Im2Col(float[] images, float[] columns, ConvolutionGeometry geometry) =>
        Im2ColRuns.Unfold(images, columns, geometry, _parallelOptions);

    public void Col2Im(float[] columns, float[] images, ConvolutionGeometry geometry) =>
        Im2ColRuns.Fold(columns, images, geometry, _parallelOptions);

    public void Convolve(float[] images, float[] weight, float[]? bias, float[] output, ConvolutionGeometry geometry, int outChannels) =>
        ImageByImageConvolution.Forward(images, weight, bias, output, geometry, outChannels, relu: false, _parallelOptions);

    public void ConvolveBackward(
        float[] images, float[] weight, float[] outputGrad, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad,
        ConvolutionGeometry geometry, int outChannels) =>
        ImageByImageConvolution.Backward(images, weight, outputGrad, null, imagesGrad, weightGrad, biasGrad, geometry, outChannels, _parallelOptions);

    public void ConvolveRelu(
        float[] images, float[] weight, float[]? bias, float[] output, ConvolutionGeometry geometry, int outChannels, MaxPoolingAfterConvolution? pool) =>
        ImageByImageConvolution.Forward(images, weight, bias, output, geometry, outChannels, relu: true, _parallelOptions, pool);

    public void ConvolveReluBackward(
        float[] images, float[] weight, float[] output, float[] outputGrad, float[]? imagesGrad, float[] weightGrad, float[]? biasGrad,
        ConvolutionGeometry geometry, int outChannels, MaxPoolingAfterConvolution? pool) =>
        ImageByImageConvolution.Backward(images, weight, outputGrad, output, imagesGrad, weightGrad, biasGrad, geometry, outChannels, _parallelOptions, pool);

    public void MaxPool2d(float[] images, ConvolutionGeometry geometry, float[] output, int[] winners) =>
        MaxPoolPlanes.Run(images, geometry, output, winners, _parallelOptions);

    public void MaxPool2dBackward(float[] upstream, int[] winners, ConvolutionGeometry geometry, float[] gradient) =>
        MaxPoolPlanes.Backward(upstream, winners, geometry, gradient, _parallelOptions);

    /// <summary>Runs every piece of the layout, split into one contiguous range of pieces a thread when it is big enough.</summary>
    private void ForEachPiece<TPiece>(RunLayout layout, ref TPiece piece) where TPiece : struct, IPieceAction
    {
        var parts = layout.ElementCount < ParallelElements ? 1 : (int)Math.Min(Threads, layout.PieceCount);
        if (parts <= 1)
        {
            layout.ForEachPiece(0, layout.PieceCount, ref piece);
            return;
        }
        var shared = piece;
        Parallel.For(0, parts, _parallelOptions, part =>
        {
            var local = shared;
            layout.ForEachPiece(layout.PieceCount * part / parts, layout.PieceCount * (part + 1) / parts, ref local);
        });
    }

    public void Gather(StridedView x, int axis, int[] indices, float[] y) => HostLoops.Gather(x, axis, indices, y);

    public void ScatterAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient) =>
        HostLoops.ScatterAdd(upstream, shape, axis, indices, gradient);

    public void IndexAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient) =>
        HostLoops.IndexAdd(upstream, shape, axis, indices, gradient);

    public void ArgMaxRows(float[] x, int rows, int columns, float[] indices) => HostLoops.ArgMaxRows(x, rows, columns, indices);

    public void SoftmaxRows(float[] x, float[] y, int rows, int columns, bool logarithm) =>
        HostLoops.SoftmaxRows(x, y, rows, columns, logarithm);

    /// <remarks>
    /// Each element's update is independent of the others, so a large parameter is split into one range a thread:
    /// the update costs three divisions and a square root a vector, and the CNN's 401,536-weight layer took ~2 % of
    /// a training step on one thread.
    /// </remarks>
    public void AdamStep(float[] parameter, float[] gradient, float[] firstMoment, float[] secondMoment, AdamStepSettings settings)
    {
        if (parameter.Length < ParallelElements)
        {
            AdamVectors.Step(parameter, gradient, firstMoment, secondMoment, settings);
            return;
        }
        ContiguousRuns.ForEach(parameter.Length, _parallelOptions, (_, first, last) =>
        {
            var range = new Range(first, last);
            AdamVectors.Step(parameter.AsSpan(range), gradient.AsSpan(range), firstMoment.AsSpan(range), secondMoment.AsSpan(range), settings);
        });
    }
}

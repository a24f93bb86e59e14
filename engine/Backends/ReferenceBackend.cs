namespace DeepLearning.Backends;

/// <summary>
/// Plain loops on one thread: the definition the other backends are tested against. Every operand is read
/// through the list of its elements' storage positions (<see cref="StridedView.ElementOffsets"/>), so one loop
/// serves every layout.
/// </summary>
public sealed class ReferenceBackend : IBackend
{
    public string Name => "reference";

    public override string ToString() => Name;

    public void Map<TFunction>(StridedView x, StridedView y) where TFunction : IUnaryFunction
    {
        int[] xs = x.ElementOffsets(), ys = y.ElementOffsets();
        for (var i = 0; i < ys.Length; i++)
        {
            y.Storage[ys[i]] = TFunction.Apply(x.Storage[xs[i]]);
        }
    }

    public void Map<TFunction>(StridedView x, float parameter, StridedView y) where TFunction : IUnaryFunctionWithParameter
    {
        int[] xs = x.ElementOffsets(), ys = y.ElementOffsets();
        for (var i = 0; i < ys.Length; i++)
        {
            y.Storage[ys[i]] = TFunction.Apply(x.Storage[xs[i]], parameter);
        }
    }

    public void Zip<TFunction>(StridedView a, StridedView b, StridedView y) where TFunction : IBinaryFunction
    {
        int[] @as = a.ElementOffsets(), bs = b.ElementOffsets(), ys = y.ElementOffsets();
        for (var i = 0; i < ys.Length; i++)
        {
            y.Storage[ys[i]] = TFunction.Apply(a.Storage[@as[i]], b.Storage[bs[i]]);
        }
    }

    /// <remarks>
    /// The output seen with stride 0 on the reduced axes has the input's shape, so walking both in step lands
    /// each input element on the output element it folds into. Accumulates in double.
    /// </remarks>
    public void Reduce<TReduction>(StridedView x, bool[] reducedAxes, float[] y) where TReduction : IReduction
    {
        var accumulators = new double[y.Length];
        Array.Fill(accumulators, TReduction.Identity);
        int[] inputs = x.ElementOffsets(), outputs = StridedView.ReducedOutput(y, x.Shape, reducedAxes).ElementOffsets();
        for (var i = 0; i < inputs.Length; i++)
        {
            accumulators[outputs[i]] = TReduction.Combine(accumulators[outputs[i]], x.Storage[inputs[i]]);
        }
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = (float)accumulators[i];
        }
    }

    /// <remarks>
    /// The loops run i, p, j so that the innermost loop walks a row of B and a row of C (for row-major
    /// operands; see <see cref="MatMul.ReorderedMatMul"/>). Strides let the same loops read transposed operands.
    /// </remarks>
    public void MatMul(MatrixBatch a, MatrixBatch b, MatrixBatch c, int m, int k, int n, bool accumulate)
    {
        if (!accumulate)
        {
            for (var t = 0; t < c.Count; t++)
            {
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        c.Data[c.Offsets[t] + i * c.RowStride + j * c.ColumnStride] = 0;
                    }
                }
            }
        }
        for (var t = 0; t < c.Count; t++)
        {
            StridedMatrix at = a[t], bt = b[t], ct = c[t];
            for (var i = 0; i < m; i++)
            {
                for (var p = 0; p < k; p++)
                {
                    var scale = at[i, p];
                    for (var j = 0; j < n; j++)
                    {
                        ct.Data[ct.Offset + i * ct.RowStride + j * ct.ColumnStride] += scale * bt[p, j];
                    }
                }
            }
        }
    }

    public void Im2Col(float[] images, float[] columns, ConvolutionGeometry geometry)
    {
        Array.Clear(columns);
        geometry.ForEachTap((imageIndex, columnIndex) => columns[columnIndex] = images[imageIndex]);
    }

    public void Col2Im(float[] columns, float[] images, ConvolutionGeometry geometry)
    {
        Array.Clear(images, 0, geometry.Batch * geometry.Channels * geometry.Height * geometry.Width);
        geometry.ForEachTap((imageIndex, columnIndex) => images[imageIndex] += columns[columnIndex]);
    }

    public void MaxPool2d(float[] images, ConvolutionGeometry g, float[] output, int[] winners)
    {
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
        {
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var best = -1;
                    for (var i = 0; i < g.KernelHeight; i++)
                    {
                        for (var j = 0; j < g.KernelWidth; j++)
                        {
                            var index = (plane * g.Height + oy * g.Stride + i) * g.Width + ox * g.Stride + j;
                            if (best < 0 || images[index] > images[best] || float.IsNaN(images[index]))
                            {
                                best = index;
                            }
                        }
                    }
                    var target = (plane * g.OutHeight + oy) * g.OutWidth + ox;
                    output[target] = images[best];
                    winners[target] = best;
                }
            }
        }
    }

    public void MaxPool2dBackward(float[] upstream, int[] winners, ConvolutionGeometry geometry, float[] gradient)
    {
        Array.Clear(gradient);
        for (var w = 0; w < upstream.Length; w++)
        {
            gradient[winners[w]] += upstream[w];
        }
    }

    public void Gather(StridedView x, int axis, int[] indices, float[] y) => HostLoops.Gather(x, axis, indices, y);

    public void ScatterAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient) =>
        HostLoops.ScatterAdd(upstream, shape, axis, indices, gradient);

    public void IndexAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient) =>
        HostLoops.IndexAdd(upstream, shape, axis, indices, gradient);

    public void ArgMaxRows(float[] x, int rows, int columns, float[] indices) => HostLoops.ArgMaxRows(x, rows, columns, indices);

    public void SoftmaxRows(float[] x, float[] y, int rows, int columns, bool logarithm) =>
        HostLoops.SoftmaxRows(x, y, rows, columns, logarithm);

    public void AdamStep(float[] parameter, float[] gradient, float[] firstMoment, float[] secondMoment, AdamStepSettings settings) =>
        HostLoops.AdamStep(parameter, gradient, firstMoment, secondMoment, settings);
}

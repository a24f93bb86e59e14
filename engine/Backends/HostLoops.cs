using System.Numerics.Tensors;

namespace DeepLearning.Backends;

/// <summary>
/// Plain loops for the backend operations that both CPU backends run the same way: index-driven ones (gather,
/// scatter, argmax), where there is little to vectorise, and the row softmax. The reference backend also takes
/// its Adam step from here.
/// </summary>
internal static class HostLoops
{
    public static void Gather(StridedView x, int axis, int[] indices, float[] y)
    {
        var picked = x.Shape.ToArray();
        picked[axis] = 1;
        // Storage positions of the index grid (index 0 along the axis); each index then moves along the axis.
        var positions = new StridedView(x.Storage, x.Offset, picked, x.Strides).ElementOffsets();
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = x.Storage[positions[i] + indices[i] * x.Strides[axis]];
        }
    }

    public static void ScatterAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient)
    {
        Array.Clear(gradient, 0, Shapes.ElementCount(shape));
        var strides = Shapes.ContiguousStrides(shape);
        var picked = (int[])shape.Clone();
        picked[axis] = 1;
        var positions = new StridedView(gradient, 0, picked, strides).ElementOffsets();
        for (var i = 0; i < upstream.Length; i++)
        {
            gradient[positions[i] + indices[i] * strides[axis]] += upstream[i];
        }
    }

    public static void IndexAdd(float[] upstream, int[] shape, int axis, int[] indices, float[] gradient)
    {
        var (outer, inner) = (Shapes.ElementCount(shape.AsSpan(0, axis)), Shapes.ElementCount(shape.AsSpan(axis + 1)));
        Array.Clear(gradient, 0, outer * shape[axis] * inner);
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < indices.Length; i++)
            {
                // One slice: inner contiguous elements, upstream's slice i added to the gradient's slice indices[i].
                var slice = gradient.AsSpan((o * shape[axis] + indices[i]) * inner, inner);
                TensorPrimitives.Add(slice, upstream.AsSpan((o * indices.Length + i) * inner, inner), slice);
            }
        }
    }

    public static void ArgMaxRows(float[] x, int rows, int columns, float[] indices)
    {
        for (var row = 0; row < rows; row++)
        {
            var values = x.AsSpan(row * columns, columns);
            var best = 0;
            for (var i = 1; i < columns && !float.IsNaN(values[best]); i++)
            {
                if (values[i] > values[best] || float.IsNaN(values[i]))
                {
                    best = i;
                }
            }
            indices[row] = best;
        }
    }

    public static void SoftmaxRows(float[] x, float[] y, int rows, int columns, bool logarithm)
    {
        for (var row = 0; row < rows; row++)
        {
            var input = x.AsSpan(row * columns, columns);
            var output = y.AsSpan(row * columns, columns);
            var max = float.NegativeInfinity;
            foreach (var value in input)
            {
                max = MathF.Max(max, value);
            }
            var sum = 0.0;
            for (var j = 0; j < columns; j++)
            {
                output[j] = MathF.Exp(input[j] - max);
                sum += output[j];
            }
            var logSum = (float)Math.Log(sum);
            for (var j = 0; j < columns; j++)
            {
                output[j] = logarithm ? input[j] - max - logSum : (float)(output[j] / sum);
            }
        }
    }

    /// <summary>The Adam step one element at a time, in the order of <see cref="AdamStepSettings"/>'s formulas.</summary>
    public static void AdamStep(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, AdamStepSettings s)
    {
        for (var i = 0; i < parameter.Length; i++)
        {
            var g = gradient[i];
            if (s.DecoupledWeightDecay)
            {
                parameter[i] -= s.LearningRate * s.WeightDecay * parameter[i];
            }
            else
            {
                g += s.WeightDecay * parameter[i];
            }
            m[i] = s.Beta1 * m[i] + (1 - s.Beta1) * g;
            v[i] = s.Beta2 * v[i] + (1 - s.Beta2) * g * g;
            var mHat = m[i] / s.Correction1;
            var vHat = v[i] / s.Correction2;
            parameter[i] -= s.LearningRate * mHat / (MathF.Sqrt(vHat) + s.Epsilon);
        }
    }
}

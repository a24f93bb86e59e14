namespace DeepLearning.Gpu.Softmax;

/// <summary>What the softmax kernels compute, as plain loops in double. Every version of <see cref="SoftmaxKernels"/> is validated against it.</summary>
public static class SoftmaxReference
{
    /// <summary>y[i,j] = exp(x[i,j] − max_q x[i,q]) / Σ_q exp(x[i,q] − max_q x[i,q]) along each row, in double.</summary>
    public static float[] Softmax(float[] x, int rows, int columns)
    {
        var y = new float[rows * columns];
        for (var i = 0; i < rows; i++)
        {
            var row = x.AsSpan(i * columns, columns);
            double max = float.MinValue;
            foreach (var value in row)
            {
                max = Math.Max(max, value);
            }
            var sum = 0.0;
            foreach (var value in row)
            {
                sum += Math.Exp(value - max);
            }
            for (var j = 0; j < columns; j++)
            {
                y[i * columns + j] = (float)(Math.Exp(row[j] - max) / sum);
            }
        }
        return y;
    }
}

namespace DeepLearning.Data;

/// <summary>Small synthetic datasets for the first chapters: made on the spot, so nothing is downloaded.</summary>
public static class ToyDatasets
{
    /// <summary>
    /// Two interleaving half circles ("two moons"), as scikit-learn's <c>make_moons</c>: the upper moon
    /// (x, y) = (cos t, sin t) is class 0, the lower (1 - cos t, 0.5 - sin t) class 1, t uniform on [0, π],
    /// plus Gaussian noise of standard deviation <paramref name="noise"/>.
    /// </summary>
    /// <returns>Points of shape (count, 2) and labels 0 or 1, one a point.</returns>
    public static (Tensor Points, int[] Labels) TwoMoons(int count, float noise, Generator generator)
    {
        var points = new float[count * 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % 2;
            var t = MathF.PI * generator.NextFloat();
            var (x, y) = label == 0 ? (MathF.Cos(t), MathF.Sin(t)) : (1 - MathF.Cos(t), 0.5f - MathF.Sin(t));
            points[2 * i] = x + noise * generator.NextGaussian();
            points[2 * i + 1] = y + noise * generator.NextGaussian();
            labels[i] = label;
        }
        return (Tensor.FromArray(points, count, 2), labels);
    }
}

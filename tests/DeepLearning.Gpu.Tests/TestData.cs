namespace DeepLearning.Gpu.Tests;

/// <summary>Seeded inputs for the kernel tests.</summary>
public static class TestData
{
    /// <summary>
    /// Whole numbers in [−4, 4] without 0, as floats. Their products and sums (up to 2²⁴) are exact in float,
    /// so every kernel, whatever order it adds in, must equal the reference exactly; and no term is 0, so a
    /// term dropped or counted twice always changes the answer.
    /// </summary>
    public static float[] NonZeroIntegers(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var magnitude = random.Next(1, 5);
            values[i] = random.Next(2) == 0 ? magnitude : -magnitude;
        }
        return values;
    }
}

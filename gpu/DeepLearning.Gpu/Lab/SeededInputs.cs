namespace DeepLearning.Gpu.Lab;

/// <summary>Seeded kernel inputs, shared by the kernel lab and the kernel tests, so two runs see the same numbers.</summary>
public static class SeededInputs
{
    /// <summary>Uniform floats in [low, high).</summary>
    public static float[] Uniform(int count, int seed, float low, float high)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = low + (high - low) * random.NextSingle();
        }
        return values;
    }
}

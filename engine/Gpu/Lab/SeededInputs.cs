namespace DeepLearning.Gpu.Lab;

/// <summary>Seeded kernel inputs, shared by the kernel families and the kernel tests, so two runs see the same numbers.</summary>
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

    /// <summary>Whole numbers from {−2, −1, 1, 2}: their sums stay exact in float in any order (see <see cref="Reduction.ReductionValidation"/>).</summary>
    public static float[] SmallIntegers(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.Next(4) switch { 0 => -2, 1 => -1, 2 => 1, _ => 2 };
        }
        return values;
    }
}

namespace DeepLearning.KernelLab;

/// <summary>Seeded inputs, so that two runs of the lab validate the same numbers.</summary>
public static class RandomData
{
    /// <summary>Whole numbers from {−2, −1, 1, 2}: their sums stay exact in float in any order (see the sum lab).</summary>
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

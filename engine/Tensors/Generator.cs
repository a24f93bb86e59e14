namespace DeepLearning;

/// <summary>
/// A seeded pseudo-random generator (SplitMix64), so that the same seed gives the same numbers on
/// every machine and .NET version: the basis of reproducible initialisation, shuffling and dropout.
/// </summary>
public sealed class Generator
{
    private ulong _state;
    private float? _spareGaussian;

    public Generator(ulong seed) => _state = seed;

    /// <summary>The generator used when an op is given none. Reseed it with <see cref="ManualSeed"/>.</summary>
    public static Generator Default { get; private set; } = new(0);

    /// <summary>Reseeds <see cref="Default"/>, like <c>torch.manual_seed</c>.</summary>
    public static void ManualSeed(ulong seed) => Default = new Generator(seed);

    /// <summary>64 uniformly random bits (SplitMix64, Steele, Lea and Flood 2014).</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float uniform on [0, 1): the top 24 bits, scaled by 2^-24, so every value is exact.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>An integer uniform on [0, bound), by rejection, so no value is favoured.</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong draw;
        do
        {
            draw = NextUInt64();
        }
        while (draw >= limit);
        return (int)(draw % (ulong)bound);
    }

    /// <summary>
    /// A standard normal sample by the Box–Muller transform: with u1, u2 uniform on (0,1],
    /// r = sqrt(-2 ln u1), and r cos(2π u2), r sin(2π u2) are two independent N(0,1) samples.
    /// </summary>
    public float NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }
        var u1 = 1.0 - (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        var u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = (float)(radius * Math.Sin(2 * Math.PI * u2));
        return (float)(radius * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var items = new int[n];
        for (var i = 0; i < n; i++)
        {
            items[i] = i;
        }
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }
}

namespace DeepLearning.Tests.Tensors;

/// <summary>
/// The seeded generator: reproducible everywhere (pinned against SplitMix64's published outputs), and its
/// derived draws (floats, bounded integers, permutations) in range and without bias.
/// </summary>
public class GeneratorTests
{
    [Test]
    public void SeedZeroGivesTheReferenceSplitMix64Sequence()
    {
        // The first outputs of SplitMix64 from state 0, as in the reference implementation by Vigna.
        var generator = new Generator(0);
        ulong[] expected = [0xE220A8397B1DCDAFUL, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL];
        var actual = new[] { generator.NextUInt64(), generator.NextUInt64(), generator.NextUInt64() };
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void SameSeedSameNumbersDifferentSeedDifferentNumbers()
    {
        static ulong[] Draw(ulong seed)
        {
            var g = new Generator(seed);
            return Enumerable.Range(0, 20).Select(_ => g.NextUInt64()).ToArray();
        }

        var first = Draw(5);
        var again = Draw(5);
        var other = Draw(6);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        }
    }

    [Test]
    public void NextFloatIsInTheHalfOpenUnitInterval()
    {
        var g = new Generator(9);
        var samples = Enumerable.Range(0, 10_000).Select(_ => g.NextFloat()).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Min(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(samples.Max(), Is.LessThan(1f));
        }
    }

    [Test]
    public void NextIntStaysInRangeAndHitsEveryValueEvenly()
    {
        const int bound = 10;
        const int draws = 100_000;
        var g = new Generator(17);
        var values = Enumerable.Range(0, draws).Select(_ => g.NextInt(bound)).ToArray();
        Assert.That(values, Is.All.InRange(0, bound - 1));
        var counts = new int[bound];
        foreach (var value in values)
        {
            counts[value]++;
        }
        // Chi-square with 9 degrees of freedom: above 27.9 only with probability 0.001.
        var expected = draws / (double)bound;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.That(chiSquare, Is.LessThan(27.9));
    }

    [Test]
    public void NextIntWithBoundOneIsAlwaysZero()
    {
        var g = new Generator(1);
        Assert.That(Enumerable.Range(0, 100).Select(_ => g.NextInt(1)), Is.All.Zero);
    }

    [Test]
    public void NextGaussianPairsAreUncorrelated()
    {
        // Box–Muller returns its two samples one after the other; they must be independent.
        var g = new Generator(23);
        var pairs = Enumerable.Range(0, 20_000).Select(_ => (First: (double)g.NextGaussian(), Second: (double)g.NextGaussian())).ToArray();
        var correlation = pairs.Average(p => p.First * p.Second);
        Assert.That(correlation, Is.EqualTo(0).Within(0.03));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1000)]
    public void PermutationContainsEveryIndexExactlyOnce(int n)
    {
        var permutation = new Generator(31).Permutation(n);
        Assert.That(permutation.Order(), Is.EqualTo(Enumerable.Range(0, n)));
    }

    [Test]
    public void PermutationIsReproducibleAndShuffles()
    {
        var first = new Generator(8).Permutation(50);
        var again = new Generator(8).Permutation(50);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(first, Is.Not.EqualTo(Enumerable.Range(0, 50)));
        }
    }

    [Test]
    public void EveryPositionOfAPermutationIsEquallyLikelyToHoldEachValue()
    {
        // Fisher–Yates is unbiased: over many shuffles of 4 items, each value lands in each slot 1/4 of the time.
        const int trials = 8_000;
        var g = new Generator(2);
        var counts = new int[4, 4];
        for (var t = 0; t < trials; t++)
        {
            var p = g.Permutation(4);
            for (var slot = 0; slot < 4; slot++)
            {
                counts[slot, p[slot]]++;
            }
        }
        foreach (var count in counts)
        {
            Assert.That(count, Is.EqualTo(trials / 4).Within(150));
        }
    }
}

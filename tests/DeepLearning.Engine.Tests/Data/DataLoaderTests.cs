using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

/// <summary>
/// Mini-batches have the right shapes and contents, the last one may be partial or dropped, a seeded
/// shuffle is reproducible and still serves every item once per epoch, and pixels normalise as stated.
/// </summary>
public class DataLoaderTests
{
    /// <summary>Ten items of shape (1,2): item i holds (10i, 10i + 1) and has label i.</summary>
    private static Dataset TenItems() =>
        new(Enumerable.Range(0, 20).Select(i => (float)(10 * (i / 2) + i % 2)).ToArray(), Enumerable.Range(0, 10).ToArray(), [1, 2]);

    private static List<int[]> EpochLabels(DataLoader loader) => loader.Select(batch => batch.Labels).ToList();

    [Test]
    public void BatchesInDatasetOrderWithAPartialLastBatch()
    {
        var loader = new DataLoader(TenItems(), batchSize: 4);

        var batches = loader.ToList();

        Assert.That(loader.BatchCount, Is.EqualTo(3));
        Assert.That(batches.Select(batch => batch.Inputs.Shape), Is.EqualTo(new[] { new[] { 4, 1, 2 }, [4, 1, 2], [2, 1, 2] }));
        Assert.That(batches.Select(batch => batch.Labels), Is.EqualTo(new[] { new[] { 0, 1, 2, 3 }, [4, 5, 6, 7], [8, 9] }));
        Assert.That(batches[2].Inputs.ToArray(), Is.EqualTo(new float[] { 80, 81, 90, 91 }));
    }

    [Test]
    public void DropLastLeavesOutThePartialBatch()
    {
        var loader = new DataLoader(TenItems(), batchSize: 4, dropLast: true);

        Assert.That(loader.BatchCount, Is.EqualTo(2));
        Assert.That(EpochLabels(loader), Is.EqualTo(new[] { new[] { 0, 1, 2, 3 }, [4, 5, 6, 7] }));
    }

    [Test]
    public void AnExactMultipleHasNoPartialBatch()
    {
        Assert.That(new DataLoader(TenItems(), batchSize: 5).BatchCount, Is.EqualTo(2));
        Assert.That(new DataLoader(TenItems(), batchSize: 5, dropLast: true).BatchCount, Is.EqualTo(2));
    }

    [Test]
    public void TheSameSeedGivesTheSameOrdersEpochAfterEpoch()
    {
        var first = new DataLoader(TenItems(), batchSize: 3, shuffle: true, generator: new Generator(42));
        var second = new DataLoader(TenItems(), batchSize: 3, shuffle: true, generator: new Generator(42));

        var firstEpochs = new[] { EpochLabels(first), EpochLabels(first) };
        var secondEpochs = new[] { EpochLabels(second), EpochLabels(second) };

        Assert.That(secondEpochs, Is.EqualTo(firstEpochs));
        Assert.That(firstEpochs[1], Is.Not.EqualTo(firstEpochs[0]), "each epoch draws a new order");
        Assert.That(firstEpochs[0].SelectMany(labels => labels), Is.Not.Ordered, "the order is shuffled");
    }

    [Test]
    public void AShuffledEpochServesEveryItemExactlyOnce()
    {
        var loader = new DataLoader(TenItems(), batchSize: 4, shuffle: true, generator: new Generator(7));

        foreach (var epoch in Enumerable.Range(0, 3))
        {
            var batches = loader.ToList();
            Assert.That(batches.SelectMany(batch => batch.Labels), Is.EquivalentTo(Enumerable.Range(0, 10)), $"epoch {epoch}");
            foreach (var (inputs, labels) in batches)
            {
                // Inputs travel with their labels: item i holds 10i and 10i + 1.
                Assert.That(inputs.ToArray(), Is.EqualTo(labels.SelectMany(label => new float[] { 10 * label, 10 * label + 1 })));
            }
        }
    }

    [Test]
    public void PixelsAreDividedBy255ByDefault()
    {
        var dataset = Dataset.FromBytes([0, 51, 255, 102], [3, 1], [1, 2]);

        Assert.That(dataset.Features.ToArray(), Is.EqualTo(new[] { 0f, 0.2f, 1f, 0.4f }).Within(1e-6f));
        Assert.That(dataset.Labels.ToArray(), Is.EqualTo(new[] { 3, 1 }));
        Assert.That(dataset.ItemShape, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void StandardisationSubtractsTheMeanAndDividesByTheStd()
    {
        var dataset = Dataset.FromBytes([0, 255], [0, 0], [1], PixelNormalization.Standardize(mean: 0.5f, std: 0.25f));

        Assert.That(dataset.Features.ToArray(), Is.EqualTo(new[] { -2f, 2f }).Within(1e-6f));
        Assert.That(FashionMnist.Standardization.Apply(0), Is.EqualTo(-0.2860f / 0.3530f).Within(1e-6f));
    }

    [Test]
    public void StatisticsAreThoseOfAllValues()
    {
        var (mean, std) = new Dataset([1, 3, 1, 3], [0, 1], [2]).FeatureStatistics();

        Assert.That(mean, Is.EqualTo(2).Within(1e-12));
        Assert.That(std, Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void RejectsFeaturesThatDoNotMatchTheLabels() =>
        Assert.That(() => new Dataset(new float[5], [0, 1], [1, 2]),
            Throws.ArgumentException.With.Message.EqualTo(
                "dataset: 2 labels × 2 features per item (shape (1,2)) need 4 values, but 5 were given"));

    [Test]
    public void RejectsAZeroBatchSize() =>
        Assert.That(() => new DataLoader(TenItems(), batchSize: 0), Throws.TypeOf<ArgumentOutOfRangeException>());
}

using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.Optim;
using DeepLearning.Training;

namespace DeepLearning.Tests.TrainingTests;

/// <summary>
/// A training run is a pure function of its seed: the same seed (weights and shuffling) replays the same
/// losses bit for bit, even with the fast backend's threads, and another seed gives another run. And the
/// loop does learn: on a problem with a pattern in it the loss falls.
/// </summary>
public class TrainingDeterminismTests
{
    private const int Pixels = 28 * 28;

    /// <summary>
    /// <paramref name="count"/> Fashion-MNIST-shaped items of <paramref name="classes"/> classes. Each item is
    /// its class's fixed random prototype plus noise, so the class can be learned from the pixels.
    /// </summary>
    private static Dataset SyntheticImages(int count, int classes, float noise, ulong seed)
    {
        var prototypes = Tensor.Randn([classes, Pixels], new Generator(1000)).ToArray();
        var generator = new Generator(seed);
        var labels = Enumerable.Range(0, count).Select(i => i % classes).ToArray();
        var features = new float[count * Pixels];
        for (var item = 0; item < count; item++)
        {
            for (var pixel = 0; pixel < Pixels; pixel++)
            {
                features[item * Pixels + pixel] = prototypes[labels[item] * Pixels + pixel] + noise * generator.NextGaussian();
            }
        }
        return new Dataset(features, labels, [1, 28, 28]);
    }

    /// <summary>Trains the MLP for <paramref name="epochs"/> epochs and returns the loss after every batch.</summary>
    private static List<double> TrainMlp(Dataset data, ulong seed, int epochs, float learningRate = 0.01f)
    {
        var model = FashionMnistModels.Mlp(new Generator(seed));
        var loader = new DataLoader(data, batchSize: 16, shuffle: true, generator: new Generator(seed + 1));
        var optimizer = new Sgd(model.Parameters(), learningRate, momentum: 0.9f);
        var losses = new List<double>();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            // BatchProgress.Loss is the running mean over the epoch: bit-identical exactly when every batch loss is.
            TrainingLoop.TrainEpoch(model, loader, optimizer, progress => losses.Add(progress.Loss));
        }
        return losses;
    }

    [Test]
    public void TheSameSeedReplaysTheSameLossesBitForBit()
    {
        // Pure noise and arbitrary labels: determinism does not need anything learnable.
        var data = SyntheticImages(count: 48, classes: 10, noise: 1f, seed: 1);

        var first = TrainMlp(data, seed: 7, epochs: 2);
        var second = TrainMlp(data, seed: 7, epochs: 2);

        Assert.That(first, Has.Count.EqualTo(6));
        Assert.That(second, Is.EqualTo(first)); // exact: no tolerance
    }

    [Test]
    public void AnotherSeedGivesAnotherRun()
    {
        var data = SyntheticImages(count: 48, classes: 10, noise: 1f, seed: 1);

        var first = TrainMlp(data, seed: 7, epochs: 1);
        var other = TrainMlp(data, seed: 8, epochs: 1);

        // Every batch differs: other initial weights and another order of the items.
        Assert.That(other.Zip(first, (a, b) => a != b), Has.All.True);
    }

    [Test]
    public void TheLossFallsOnALearnableProblem()
    {
        // 64 items of 4 classes, 4 batches an epoch, 8 epochs: 32 steps.
        var data = SyntheticImages(count: 64, classes: 4, noise: 0.5f, seed: 2);

        var losses = TrainMlp(data, seed: 3, epochs: 8);

        // Running epoch means after each epoch's last batch. The first is near log 10 ≈ 2.3 (the MLP has ten
        // outputs and starts out guessing); by the eighth the prototypes are learned and it is far below.
        var firstEpoch = losses[3];
        var lastEpoch = losses[^1];
        Assert.That(firstEpoch, Is.GreaterThan(1.0));
        Assert.That(lastEpoch, Is.LessThan(0.25 * firstEpoch));
    }
}

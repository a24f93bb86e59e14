using DeepLearning.Data;
using DeepLearning.Models;
using DeepLearning.NN;
using DeepLearning.Optim;
using DeepLearning.Training;

namespace DeepLearning.Tests.TrainingTests;

/// <summary>
/// TrainEpoch gives each step's activations back to the engine when the step ends (Tensor.ReleaseGraph), and the
/// next step reuses their memory. That must change no number, and a tensor kept from a finished step must either
/// keep its values (a Detach() of it) or say that it was released, never show another step's numbers.
/// </summary>
public class StepReleaseTests
{
    private static Dataset Images(int count, ulong seed)
    {
        var generator = new Generator(seed);
        var features = Tensor.Randn([count, 1, 28, 28], generator).ToArray();
        return new Dataset(features, Enumerable.Range(0, count).Select(i => i % 10).ToArray(), [1, 28, 28]);
    }

    /// <summary>The same CNN steps as TrainEpoch takes, without releasing anything: the loss of every batch, then the parameters.</summary>
    private static (List<double> Losses, float[][] Parameters) TrainWithoutRelease(Dataset data)
    {
        var model = FashionMnistModels.Cnn(new Generator(3));
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        var losses = new List<double>();
        foreach (var (inputs, labels) in new DataLoader(data, batchSize: 8, shuffle: true, generator: new Generator(4)))
        {
            optimizer.ZeroGrad();
            var loss = Losses.CrossEntropy(model.Forward(inputs), labels);
            loss.Backward();
            optimizer.Step();
            losses.Add(loss.Item());
        }
        return (losses, model.Parameters().Select(p => p.ToArray()).ToArray());
    }

    [Test]
    public void ReleasingEachStepChangesNoLossAndNoParameter()
    {
        var data = Images(40, seed: 1);
        var (expectedLosses, expectedParameters) = TrainWithoutRelease(data);

        var model = FashionMnistModels.Cnn(new Generator(3));
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        var runningMeans = new List<double>();
        TrainingLoop.TrainEpoch(model, new DataLoader(data, batchSize: 8, shuffle: true, generator: new Generator(4)), optimizer,
            progress => runningMeans.Add(progress.Loss));

        // BatchProgress.Loss is the running mean over the batches so far (all batches hold 8 images here).
        var expectedMeans = expectedLosses.Select((_, i) => expectedLosses.Take(i + 1).Average()).ToList();
        Assert.That(runningMeans, Has.Count.EqualTo(5));
        for (var i = 0; i < runningMeans.Count; i++)
        {
            Assert.That(runningMeans[i], Is.EqualTo(expectedMeans[i]).Within(1e-12), $"batch {i}");
        }
        var parameters = model.Parameters().Select(p => p.ToArray()).ToArray();
        for (var p = 0; p < parameters.Length; p++)
        {
            Assert.That(parameters[p], Is.EqualTo(expectedParameters[p]), $"parameter {p}: the same bits");
        }
    }

    /// <summary>A layer that keeps what it computed, the way a learner might to draw it later.</summary>
    private sealed class Keeper(bool detach) : Module
    {
        public List<Tensor> Kept { get; } = [];

        public List<float[]> ValuesThen { get; } = [];

        public override Tensor Forward(Tensor input)
        {
            var output = input.Relu();
            Kept.Add(detach ? output.Detach() : output);
            ValuesThen.Add(output.ToArray());
            return output;
        }
    }

    private static Keeper TrainWith(bool detach)
    {
        var keeper = new Keeper(detach);
        var model = new Sequential(new Flatten(), new Linear(28 * 28, 64, new Generator(5)), keeper, new Linear(64, 10, new Generator(6)));
        TrainingLoop.TrainEpoch(model, new DataLoader(Images(48, seed: 2), batchSize: 16), new Sgd(model.Parameters(), 0.1f));
        return keeper;
    }

    [Test]
    public void AKeptDetachedTensorKeepsItsValues()
    {
        var keeper = TrainWith(detach: true);

        Assert.That(keeper.Kept, Has.Count.EqualTo(3));
        for (var step = 0; step < keeper.Kept.Count; step++)
        {
            Assert.That(keeper.Kept[step].ToArray(), Is.EqualTo(keeper.ValuesThen[step]), $"step {step}");
        }
    }

    [Test]
    public void AKeptTensorOfAFinishedStepSaysItWasReleased()
    {
        var keeper = TrainWith(detach: false);

        var error = Assert.Throws<InvalidOperationException>(() => keeper.Kept[0].ToArray());
        Assert.That(error!.Message, Does.Contain("shape (16,64)").And.Contain("'relu'").And.Contain("training step that has ended").And.Contain("Detach()"));
        // The epoch's last step has ended too.
        Assert.Throws<InvalidOperationException>(() => keeper.Kept[^1].Sum());
    }
}

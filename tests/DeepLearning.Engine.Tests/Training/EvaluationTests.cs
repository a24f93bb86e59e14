using DeepLearning.Data;
using DeepLearning.NN;
using DeepLearning.Training;

namespace DeepLearning.Tests.TrainingTests;

/// <summary>
/// Evaluation runs the model in evaluation mode without recording gradients, reports loss, accuracy and
/// predictions over the whole dataset, and puts the model back in the mode it found it in.
/// </summary>
public class EvaluationTests
{
    /// <summary>Passes its input through, noting the mode and whether gradients were being recorded.</summary>
    private sealed class ModeProbe : Module
    {
        public List<(bool Training, bool GradEnabled)> Seen { get; } = [];

        public override Tensor Forward(Tensor input)
        {
            Seen.Add((IsTraining, Autograd.IsGradEnabled));
            return input;
        }
    }

    /// <summary>Seven items of three features, labels 0..2; seven is no multiple of the batch size 3.</summary>
    private static Dataset SevenItems() =>
        new(Tensor.Randn([7, 3], new Generator(1)).ToArray(), [0, 1, 2, 0, 1, 2, 0], [3]);

    [Test]
    public void ReportsTheLossAccuracyAndPredictionsOverTheWholeDataset()
    {
        var data = SevenItems();
        var model = new Sequential(new Linear(3, 3, new Generator(2)));

        var result = Evaluation.Evaluate(model, data, batchSize: 3);

        // The same numbers computed on the whole set at once, without the batching.
        var (inputs, labels) = data.Batch(Enumerable.Range(0, 7).ToArray());
        var logits = model.Forward(inputs);
        var predictions = Evaluation.PredictedClasses(logits);
        Assert.That(result.Predictions, Is.EqualTo(predictions));
        Assert.That(result.Accuracy, Is.EqualTo(predictions.Where((p, i) => p == labels[i]).Count() / 7.0));
        Assert.That(result.Loss, Is.EqualTo(Losses.CrossEntropy(logits, labels).Item()).Within(1e-6));
    }

    [Test]
    public void RunsInEvaluationModeWithoutGradientsAndRestoresTrainingMode()
    {
        var probe = new ModeProbe();
        var model = new Sequential(probe, new Linear(3, 3, new Generator(3)));
        model.Train();

        Evaluation.Evaluate(model, SevenItems(), batchSize: 3);

        Assert.That(probe.Seen, Is.EqualTo(Enumerable.Repeat((false, false), 3)));
        Assert.That(model.IsTraining, Is.True);
        Assert.That(probe.IsTraining, Is.True);
        Assert.That(Autograd.IsGradEnabled, Is.True);
    }

    [Test]
    public void LeavesAModelInEvaluationModeWhereItWas()
    {
        var model = new Sequential(new Linear(3, 3, new Generator(4)));
        model.Eval();

        Evaluation.Evaluate(model, SevenItems());

        Assert.That(model.IsTraining, Is.False);
    }

    [Test]
    public void RestoresTrainingModeEvenWhenTheModelThrows()
    {
        // A notebook catches the shape error, fixes the data and trains on: the model must not have been
        // left silently in evaluation mode (dropout off, batch norm frozen).
        var model = new Sequential(new Linear(4, 3, new Generator(5)));
        model.Train();

        Assert.That(() => Evaluation.Evaluate(model, SevenItems()), Throws.ArgumentException);

        Assert.That(model.IsTraining, Is.True);
        Assert.That(Autograd.IsGradEnabled, Is.True);
    }
}

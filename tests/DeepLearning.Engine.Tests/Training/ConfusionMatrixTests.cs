using DeepLearning.Training;

namespace DeepLearning.Tests.TrainingTests;

/// <summary>Counts[true, predicted], and per-class accuracy (recall) read from its rows.</summary>
public class ConfusionMatrixTests
{
    // Truth:      0 0 1 1 1 2
    // Predicted:  0 1 1 1 2 2
    // Rows are the true class: class 0 → (1 right, 1 taken for 1), class 1 → (2 right, 1 taken for 2), class 2 → (1 right).
    private static readonly int[] Truth = [0, 0, 1, 1, 1, 2];

    private static readonly int[] Predictions = [0, 1, 1, 1, 2, 2];

    [Test]
    public void CountsEveryPairOfTrueAndPredictedClass()
    {
        var matrix = new ConfusionMatrix(3, Truth, Predictions);

        Assert.That(matrix.ToRows(), Is.EqualTo(new[] { new[] { 1, 1, 0 }, [0, 2, 1], [0, 0, 1] }));
        Assert.That(matrix.Counts[1, 2], Is.EqualTo(1));
        Assert.That(matrix.ClassCount, Is.EqualTo(3));
    }

    [Test]
    public void ClassAccuracyIsTheDiagonalOverTheRowTotal()
    {
        var matrix = new ConfusionMatrix(4, Truth, Predictions);

        Assert.That(matrix.ClassAccuracy(0), Is.EqualTo(0.5)); // 1 of 2
        Assert.That(matrix.ClassAccuracy(1), Is.EqualTo(2.0 / 3)); // 2 of 3
        Assert.That(matrix.ClassAccuracy(2), Is.EqualTo(1.0)); // 1 of 1
        // Class 3 never occurs: its accuracy is undefined, not 0.
        Assert.That(matrix.ClassAccuracy(3), Is.NaN);
    }

    [Test]
    public void TruthAndPredictionsMustHaveTheSameLength() =>
        Assert.That(() => new ConfusionMatrix(3, Truth, Predictions[..4]),
            Throws.ArgumentException.With.Message.EqualTo("confusion matrix: 6 true labels but 4 predictions"));

    [Test]
    public void A_class_outside_the_range_is_named() =>
        Assert.That(() => new ConfusionMatrix(2, Truth, Predictions),
            Throws.ArgumentException.With.Message.EqualTo("confusion matrix: example 4 has true class 1 and predicted class 2; classes are 0..1"));
}

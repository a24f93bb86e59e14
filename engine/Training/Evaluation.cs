using DeepLearning.Data;
using DeepLearning.NN;

namespace DeepLearning.Training;

/// <summary>The result of running a classifier over a whole dataset.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Fraction of examples whose highest score is the true class.</param>
/// <param name="Predictions">The predicted class of every example, in dataset order.</param>
public sealed record EvaluationResult(double Loss, double Accuracy, int[] Predictions);

public static class Evaluation
{
    /// <summary>
    /// Runs <paramref name="model"/> in evaluation mode and without recording gradients over every example,
    /// in order, and restores the previous mode afterwards.
    /// </summary>
    public static EvaluationResult Evaluate(Module model, Dataset data, int batchSize = 500)
    {
        var wasTraining = model.IsTraining;
        model.Eval();
        using var _ = Autograd.NoGrad();
        var predictions = new List<int>(data.Count);
        double lossSum = 0;
        var correct = 0;
        var device = model.Device;
        try
        {
            foreach (var (inputs, labels) in new DataLoader(data, batchSize))
            {
                var logits = model.Forward(inputs.To(device));
                lossSum += Losses.CrossEntropy(logits, labels).Item() * labels.Length;
                var batchPredictions = PredictedClasses(logits);
                correct += batchPredictions.Where((p, i) => p == labels[i]).Count();
                predictions.AddRange(batchPredictions);
            }
        }
        finally
        {
            // Also after an exception: a model left in evaluation mode would train on with dropout off.
            model.Train(wasTraining);
        }
        return new EvaluationResult(lossSum / data.Count, (double)correct / data.Count, [.. predictions]);
    }

    /// <summary>The index of the largest score in each row of (N, C) logits.</summary>
    public static int[] PredictedClasses(Tensor logits) =>
        logits.ArgMax(1).ToArray().Select(index => (int)index).ToArray();
}

namespace DeepLearning.Training;

/// <summary>
/// Counts[t, p] = how many examples of true class t were predicted as class p. The diagonal holds the correct
/// predictions; a large off-diagonal entry names two classes the model confuses.
/// </summary>
public sealed class ConfusionMatrix
{
    public ConfusionMatrix(int classCount, IReadOnlyList<int> truth, IReadOnlyList<int> predictions)
    {
        if (truth.Count != predictions.Count)
        {
            throw new ArgumentException($"confusion matrix: {truth.Count} true labels but {predictions.Count} predictions");
        }
        Counts = new int[classCount, classCount];
        for (var i = 0; i < truth.Count; i++)
        {
            if ((uint)truth[i] >= classCount || (uint)predictions[i] >= classCount)
            {
                throw new ArgumentException(
                    $"confusion matrix: example {i} has true class {truth[i]} and predicted class {predictions[i]}; classes are 0..{classCount - 1}");
            }
            Counts[truth[i], predictions[i]]++;
        }
    }

    public int[,] Counts { get; }

    public int ClassCount => Counts.GetLength(0);

    /// <summary>The fraction of class <paramref name="trueClass"/> predicted correctly (its recall).</summary>
    public double ClassAccuracy(int trueClass)
    {
        var total = Enumerable.Range(0, ClassCount).Sum(p => Counts[trueClass, p]);
        return total == 0 ? double.NaN : (double)Counts[trueClass, trueClass] / total;
    }

    /// <summary>Rows as arrays, for JSON and charts.</summary>
    public int[][] ToRows() =>
        Enumerable.Range(0, ClassCount).Select(t => Enumerable.Range(0, ClassCount).Select(p => Counts[t, p]).ToArray()).ToArray();
}

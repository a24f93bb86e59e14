namespace DeepLearning.Notebooks.NotebookTasks;

/// <summary>Chapter 0 (notebook only): a warm-up task that shows how a check reports.</summary>
public static class Chapter00Checks
{
    [TaskCheck("0.1", "the mean of an array")]
    public static int Mean(Func<double[], double> mean)
    {
        double[][] cases = [[4], [1, 2, 3, 4], [-1, 1], [0.5, 0.25, 0.125, 2, -7]];
        foreach (var values in cases)
        {
            Expect.Close(mean((double[])values.Clone()), values.Average(), 1e-12, $"Mean([{string.Join(", ", values)}])");
        }
        return cases.Length;
    }
}

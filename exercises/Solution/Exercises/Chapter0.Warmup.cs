namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 0: a warm-up that shows how a task works: a stub to fill in, its visible tests (the notebook's check),
/// and hidden tests that only the grader runs.
/// </summary>
public static class Warmup
{
    // Task 0.1: the mean of an array
    /// <summary>x̄ = (1/n) Σᵢ xᵢ for an array of n ≥ 1 numbers. Leaves the array as it was.</summary>
    public static double Mean(double[] values)
    {
        // BEGIN SOLUTION
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }
        return sum / values.Length;
        // END SOLUTION
    }
}

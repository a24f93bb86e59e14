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

    // Question 0.a: the sum of x * 2 + 1
    /// <summary>Your answer to quick question 0.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question0A()
    {
        // BEGIN SOLUTION
        return 48;
        // END SOLUTION
    }

    // Question 0.b: the sigmoid of 0
    /// <summary>Your answer to quick question 0.b in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question0B()
    {
        // BEGIN SOLUTION
        return 'C';
        // END SOLUTION
    }

    // Question 0.c: how many points the sigmoid chart draws
    /// <summary>Your answer to quick question 0.c in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question0C()
    {
        // BEGIN SOLUTION
        return 49;
        // END SOLUTION
    }
}

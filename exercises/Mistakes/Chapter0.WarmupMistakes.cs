namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 0's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class WarmupMistakes
{
    [Mistake("0.1", "divides by n - 1", mustName: "n - 1")]
    public static double DividesByNMinusOne(double[] values) => values.Sum() / (values.Length - 1);

    [Mistake("0.1", "returns the sum", mustName: "forget to divide by n")]
    public static double ForgetsToDivide(double[] values) => values.Sum();

    [Mistake("0.1", "sums in an int", mustName: "whole number")]
    public static double SumsInAnInt(double[] values)
    {
        var sum = 0;
        foreach (var value in values)
        {
            sum += (int)value;
        }
        return (double)sum / values.Length;
    }

    [Mistake("0.1", "divides the values in place, then sums them: the right mean, but the caller's array is changed", mustName: "changed the caller's array")]
    public static double DividesInPlace(double[] values)
    {
        var n = values.Length;
        for (var i = 0; i < n; i++)
        {
            values[i] /= n;
        }
        return values.Sum();
    }
}

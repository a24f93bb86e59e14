namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:0.1")]
public sealed class Task0_1_Mean(Func<double[], double> mean)
{
    public Task0_1_Mean() : this(Warmup.Mean) { }

    [Test, Hint("add every value, then divide by how many there are")]
    public void FourValues() => TensorAssert.Close(2.5, mean([1, 2, 3, 4]), "Mean([1, 2, 3, 4])", 1e-12);

    [Test, Hint("one value is its own mean")]
    public void OneValue() => TensorAssert.Close(4.0, mean([4]), "Mean([4])", 1e-12);

    [Test, Hint("negative and fractional values count like any other")]
    public void NegativeAndFractionalValues() =>
        TensorAssert.Close(-0.825, mean([0.5, 0.25, 0.125, 2, -7]), "Mean([0.5, 0.25, 0.125, 2, -7])", 1e-12);
}

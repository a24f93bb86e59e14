namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter0HiddenTests
{
    [Test, Category("task:0.1"), Hint("divide by the number of values, not by a fixed number", Cause = HintCause.WrongValues)]
    public void AThousandValues()
    {
        var values = Enumerable.Range(1, 1000).Select(i => (double)i).ToArray();
        TensorAssert.Close(500.5, Warmup.Mean(values), "the mean of 1 to 1000", 1e-9);
    }

    [Test, Category("task:0.1"), Hint("read the array, do not change it")]
    public void LeavesTheArrayAsItWas()
    {
        double[] values = [3, -1, 2];
        Warmup.Mean(values);
        Assert.That(values, Is.EqualTo(new double[] { 3, -1, 2 }), "the array after Mean");
    }
}

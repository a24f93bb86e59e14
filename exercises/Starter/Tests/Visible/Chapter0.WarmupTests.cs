namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:0.1")]
public sealed class Task0_1_Mean(Func<double[], double> mean)
{
    public Task0_1_Mean() : this(Warmup.Mean) { }

    [Test, Hint("add every value, then divide by how many there are")]
    public void FourValues() => TensorAssert.Close(2.5, mean([1, 2, 3, 4]), "Mean([1, 2, 3, 4])", 1e-12, new Comparison
    {
        Sizes = [("n", 4)],
        Suspects =
        [
            Suspect.Number("the sum is divided by n - 1 = 3; the mean divides by n, how many values there are", 10.0 / 3),
            Suspect.Number("the division is in whole numbers: 10 / 4 = 2 in int; make the sum a double", 2),
        ],
    });

    [Test, Hint("one value is its own mean")]
    public void OneValue() => TensorAssert.Close(4.0, mean([4]), "Mean([4])", 1e-12);

    [Test, Hint("negative and fractional values count like any other")]
    public void NegativeAndFractionalValues() =>
        TensorAssert.Close(-0.825, mean([0.5, 0.25, 0.125, 2, -7]), "Mean([0.5, 0.25, 0.125, 2, -7])", 1e-12, new Comparison
        {
            Sizes = [("n", 5)],
            Suspects = [Suspect.Number("each value is rounded to a whole number before it is added: keep them as double", -1.0)],
        });

    [Test, Hint("read the values, do not write them: the caller's array must be left as it was")]
    public void LeavesTheArrayAsItWas()
    {
        double[] values = [1, 2, 3, 4];
        mean(values);
        TensorAssert.Close([1f, 2, 3, 4], [.. values.Select(value => (float)value)], "the array [1, 2, 3, 4] after Mean(values)", comparison: new Comparison
        {
            Suspects = [new("Mean changed the caller's array (each value divided by n = 4): leave the values as they were, sum them into a local variable", Tensor.FromArray([0.25f, 0.5f, 0.75f, 1], 4))],
        });
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:0.a")]
public sealed class Question0_a(Func<int> answer)
{
    public Question0_a() : this(Warmup.Question0A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("0.a", answer(), "20c7496ebce2dc2db5e75290b4d9f6ce00f0dc6458a8b62a483ead64148004c6",
            lookAgainAt: "what x * 2 + 1 does to each of the six numbers, then add them up");
}

[TestFixture, Category("task:0.b")]
public sealed class Question0_b(Func<char> answer)
{
    public Question0_b() : this(Warmup.Question0B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("0.b", answer(), "f8e276dfd427c2870c5acfd0c6b76b753253f9ce361bfb645e6f45ce58178522",
            lookAgainAt: "the formula above at x = 0: what is e⁰?");
}

[TestFixture, Category("task:0.c")]
public sealed class Question0_c(Func<int> answer)
{
    public Question0_c() : this(Warmup.Question0C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("0.c", answer(), "8f04ca2ea95413e22ba9ce5c5d35b9647beeaf55f7021a571a4653baa4b2f4d8",
            lookAgainAt: "Arange's end is left out, like Python's range: count the steps of 0.25 from -6 up to 6");
}

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter3HiddenTests
{
    [Test, Category("task:3.1"), Weight(2), Hint("check the shapes: Ā is shaped like A, B̄ like B", Cause = HintCause.WrongShape)]
    public void OuterProductAndTallMatrices()
    {
        MatMulBackwardAssert.MatchesAutograd(TensorGradients.MatMulBackward, rows: 5, inner: 1, columns: 7, seed: 12);
        MatMulBackwardAssert.MatchesAutograd(TensorGradients.MatMulBackward, rows: 6, inner: 2, columns: 3, seed: 13);
    }

    [Test, Category("task:3.3"), Hint("very negative logits must not give 0/0", Cause = HintCause.NotANumber)]
    public void VeryNegativeAndSpreadLogits()
    {
        var logits = Tensor.FromArray(new float[,] { { -1000, -1001, -1002 }, { 50, -50, 0 } });
        TensorAssert.Close(NN.Functional.Softmax(logits), TensorGradients.Softmax(logits), "softmax of very negative and spread logits");
        var random = TensorAssert.Random(21, 4, 5) * 10;
        TensorAssert.Close(NN.Functional.Softmax(random), TensorGradients.Softmax(random), "softmax of a (4,5) matrix");
    }

    [Test, Category("task:3.4"), Hint("rows of equal, very negative logits give log(1/n)")]
    public void EqualVeryNegativeLogits()
    {
        var logits = Tensor.Full([2, 4], -1e4f);
        TensorAssert.Close(Tensor.Full([2, 4], MathF.Log(0.25f)), TensorGradients.LogSoftmax(logits), "log-softmax of four equal logits of -10000");
    }

    [Test, Category("task:3.5"), Hint("divide by the batch size, and subtract 1 only at each row's target", Cause = HintCause.WrongValues)]
    public void LargeLogitsAndTwoClasses()
    {
        CrossEntropyAssert.MatchesAutograd(TensorGradients.CrossEntropyBackward, TensorAssert.Random(41, 5, 2), [1, 0, 0, 1, 1]);
        CrossEntropyAssert.MatchesAutograd(TensorGradients.CrossEntropyBackward, TensorAssert.Random(42, 2, 3) * 500, [2, 0]);
    }

    [Test, Category("task:3.2"), Weight(2), Hint("sum over every broadcast axis, leading or stretched; a gradient that already fits is returned as it is")]
    public void MixedBroadcasts()
    {
        var gradient = TensorAssert.Random(3, 2, 3, 4);
        TensorAssert.Close(gradient.SumToShape([2, 1, 4]), TensorGradients.SumToShape(gradient, [2, 1, 4]), "(2,3,4) summed to (2,1,4)");
        TensorAssert.Close(gradient.SumToShape([3, 1]), TensorGradients.SumToShape(gradient, [3, 1]), "(2,3,4) summed to (3,1)");
        TensorAssert.Close(gradient, TensorGradients.SumToShape(gradient, [2, 3, 4]), "(2,3,4) summed to itself");
    }

    [Test, Category("task:3.6"), Weight(2), Hint("the gradient of a function that mixes elements: every element needs its own two evaluations")]
    public void GradientOfAMatrixProduct()
    {
        var x = TensorAssert.Random(52, 3, 2);
        var w = TensorAssert.Random(53, 2, 2);
        var numerical = TensorGradients.NumericalGradient(t => t.MatMul(w).Tanh().Sum().Item(), x);
        var parameter = x.Detach().RequireGrad();
        parameter.MatMul(w).Tanh().Sum().Backward();
        TensorAssert.Close(parameter.Grad!, numerical, "numerical gradient of Σ tanh(x W)", 1e-2f);
    }
}

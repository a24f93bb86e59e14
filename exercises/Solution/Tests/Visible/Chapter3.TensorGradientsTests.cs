using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:3.1")]
public sealed class Task3_1_MatMulBackward(Func<Tensor, Tensor, Tensor, (Tensor GradA, Tensor GradB)> matMulBackward)
{
    public Task3_1_MatMulBackward() : this(TensorGradients.MatMulBackward) { }

    [Test, Weight(2), Hint("dL/dA = dL/dC · Bᵀ and dL/dB = Aᵀ · dL/dC; check the shapes: (m,n)(n,k) and (k,m)(m,n)")]
    public void RectangularMatrices() => MatMulBackwardAssert.MatchesAutograd(matMulBackward, m: 2, k: 3, n: 4, seed: 10);

    [Test, Hint("a (1,k)·(k,1) product is a dot product; its gradients are the other vector times dL/dC")]
    public void DotProduct() => MatMulBackwardAssert.MatchesAutograd(matMulBackward, m: 1, k: 5, n: 1, seed: 11);
}

/// <summary>Compares a learner's matmul backward with the engine's autograd, for a random upstream gradient.</summary>
internal static class MatMulBackwardAssert
{
    public static void MatchesAutograd(Func<Tensor, Tensor, Tensor, (Tensor GradA, Tensor GradB)> matMulBackward, int m, int k, int n, ulong seed)
    {
        var a = TensorAssert.Random(seed, m, k).RequireGrad();
        var b = TensorAssert.Random(seed + 1, k, n).RequireGrad();
        var upstream = TensorAssert.Random(seed + 2, m, n);
        a.MatMul(b).Backward(upstream);
        var (gradA, gradB) = matMulBackward(a.Detach(), b.Detach(), upstream);
        TensorAssert.Close(a.Grad!, gradA, $"dL/dA for A ({m},{k}), B ({k},{n})");
        TensorAssert.Close(b.Grad!, gradB, $"dL/dB for A ({m},{k}), B ({k},{n})");
    }
}

[TestFixture, Category("task:3.2")]
public sealed class Task3_2_SumToShape(Func<Tensor, int[], Tensor> sumToShape)
{
    public Task3_2_SumToShape() : this(TensorGradients.SumToShape) { }

    [Test, Weight(2), Hint("sum over the leading axes that broadcasting added")]
    public void SumsAddedLeadingAxes()
    {
        var gradient = TensorAssert.Random(1, 4, 3);
        TensorAssert.Close(gradient.SumToShape([3]), sumToShape(gradient, [3]), "(4,3) summed to (3)");
    }

    [Test, Hint("also sum over the axes stretched from size 1, keeping them as size 1")]
    public void SumsStretchedAxes()
    {
        var gradient = TensorAssert.Random(2, 4, 2, 3);
        TensorAssert.Close(gradient.SumToShape([1, 3]), sumToShape(gradient, [1, 3]), "(4,2,3) summed to (1,3)");
    }
}
[TestFixture, Category("task:3.5")]
public sealed class Task3_5_CrossEntropyBackward(Func<Tensor, int[], Tensor> crossEntropyBackward)
{
    public Task3_5_CrossEntropyBackward() : this(TensorGradients.CrossEntropyBackward) { }

    [Test, Weight(2), Hint("softmax(z) minus 1 at each row's target, divided by the number of rows (the loss is a mean)")]
    public void MatchesAutograd() => CrossEntropyAssert.MatchesAutograd(crossEntropyBackward, TensorAssert.Random(40, 3, 4), [0, 3, 1]);
}

internal static class CrossEntropyAssert
{
    public static void MatchesAutograd(Func<Tensor, int[], Tensor> crossEntropyBackward, Tensor logits, int[] targets)
    {
        var parameter = logits.Detach().RequireGrad();
        Losses.CrossEntropy(parameter, targets).Backward();
        TensorAssert.Close(parameter.Grad!, crossEntropyBackward(logits, targets), $"dL/dlogits for logits {logits.ShapeText}, targets [{string.Join(", ", targets)}]");
    }
}

[TestFixture, Category("task:3.6")]
public sealed class Task3_6_NumericalGradient(Func<Func<Tensor, float>, Tensor, Tensor> numericalGradient)
{
    public Task3_6_NumericalGradient() : this(TensorGradients.NumericalGradient) { }

    [Test, Weight(2), Hint("nudge one element at a time by ±h, evaluate f twice, and put it back; the result has x's shape")]
    public void SumOfSquares()
    {
        var x = TensorAssert.Random(50, 2, 3);
        var gradient = numericalGradient(t => (t * t).Sum().Item(), x);
        TensorAssert.Close(2 * x, gradient, "numerical gradient of Σx² (= 2x)", 1e-2f);
    }

    [Test, Hint("leave x unchanged: restore each element after nudging it")]
    public void LeavesTheInputAsItWas()
    {
        var x = TensorAssert.Random(51, 4);
        var copy = x.ToArray();
        numericalGradient(t => t.Exp().Sum().Item(), x);
        TensorAssert.Close(copy, x.ToArray(), "x after the numerical gradient", 0);
    }
}

[TestFixture, Category("task:3.3")]
public sealed class Task3_3_Softmax(Func<Tensor, Tensor> softmax)
{
    public Task3_3_Softmax() : this(TensorGradients.Softmax) { }

    [Test, Hint("exponentiate, then divide each row by its sum (Sum(-1, keepDims: true) keeps the shape broadcastable)")]
    public void RowsOfAMatrix()
    {
        var logits = TensorAssert.Random(20, 2, 3);
        TensorAssert.Close(Functional.Softmax(logits), softmax(logits), "softmax of a (2,3) matrix");
    }

    [Test, Hint("e^1000 overflows to ∞; subtract each row's maximum before exponentiating")]
    public void LargeLogitsDoNotOverflow()
    {
        var logits = Tensor.FromArray(new float[,] { { 1000, 1001, 1002 } });
        TensorAssert.Close(Functional.Softmax(logits), softmax(logits), "softmax of [1000, 1001, 1002]");
    }
}

[TestFixture, Category("task:3.4")]
public sealed class Task3_4_LogSoftmax(Func<Tensor, Tensor> logSoftmax)
{
    public Task3_4_LogSoftmax() : this(TensorGradients.LogSoftmax) { }

    [Test, Hint("log softmax(z) = z - log Σ e^z along the last axis")]
    public void RowsOfAMatrix()
    {
        var logits = TensorAssert.Random(30, 3, 4);
        TensorAssert.Close(Functional.LogSoftmax(logits), logSoftmax(logits), "log-softmax of a (3,4) matrix");
    }

    [Test, Weight(2), Hint("taking log(softmax) underflows to log 0 = -∞; shift by the row maximum, then z - m - log Σ e^(z-m)")]
    public void LargeAndSmallLogits()
    {
        var logits = Tensor.FromArray(new float[,] { { 1000, 0, -1000 } });
        TensorAssert.Close(Tensor.FromArray(new float[,] { { 0, -1000, -2000 } }), logSoftmax(logits), "log-softmax of [1000, 0, -1000]");
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:3.a")]
public sealed class Question3_a(Func<char> answer)
{
    public Question3_a() : this(TensorGradients.Question3A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("3.a", answer(), "22460be6bc8f58ec5ed832501a28aafd113ebc5091127ed6d7a0953fb9897bfc",
            lookAgainAt: "the heading of this section: the gradient has the shape of the tensor");
}

[TestFixture, Category("task:3.b")]
public sealed class Question3_b(Func<int> answer)
{
    public Question3_b() : this(TensorGradients.Question3B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("3.b", answer(), "8e9ec7015820745083dce19b13d32aef310bd07d861b48a47434e2721b14f847",
            lookAgainAt: "how many elements of Y each b_j reaches, each with local derivative 1");
}

[TestFixture, Category("task:3.c")]
public sealed class Question3_c(Func<char> answer)
{
    public Question3_c() : this(TensorGradients.Question3C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("3.c", answer(), "19ce5c38faed9b013776a978e2fb20320a614bca19aea42b496a20cd5e5c0621",
            lookAgainAt: "what subtracting the row's maximum leaves, and the softmax of equal logits");
}

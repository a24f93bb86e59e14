using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:3.1"), WriteItYourself("Tensor.Backward")]
public sealed class Task3_1_MatMulBackward(Func<Tensor, Tensor, Tensor, (Tensor GradA, Tensor GradB)> matMulBackward)
{
    public Task3_1_MatMulBackward() : this(TensorGradients.MatMulBackward) { }

    [Test, Weight(2), Hint("Ā = C̄ Bᵀ and B̄ = Aᵀ C̄; check the shapes: (N,M)(M,K) = (N,K) and (K,N)(N,M) = (K,M)")]
    public void RectangularMatrices() => MatMulBackwardAssert.MatchesAutograd(matMulBackward, rows: 2, inner: 3, columns: 4, seed: 10);

    [Test, Hint("a (1,K)·(K,1) product is a dot product; its gradients are the other vector times C̄")]
    public void DotProduct() => MatMulBackwardAssert.MatchesAutograd(matMulBackward, rows: 1, inner: 5, columns: 1, seed: 11);
}

/// <summary>
/// Compares a learner's matmul backward with the engine's autograd, for a random upstream gradient C̄, in the
/// notebook's notation: C = AB with A (N,K), B (K,M), and Ā, B̄ the gradients.
/// </summary>
internal static class MatMulBackwardAssert
{
    public static void MatchesAutograd(Func<Tensor, Tensor, Tensor, (Tensor GradA, Tensor GradB)> matMulBackward, int rows, int inner, int columns, ulong seed)
    {
        var a = TensorAssert.Random(seed, rows, inner).RequireGrad();
        var b = TensorAssert.Random(seed + 1, inner, columns).RequireGrad();
        var upstream = TensorAssert.Random(seed + 2, rows, columns);
        a.MatMul(b).Backward(upstream);
        var (gradA, gradB) = matMulBackward(a.Detach(), b.Detach(), upstream);
        var shapes = $"A (N,K) = ({rows},{inner}), B (K,M) = ({inner},{columns})";
        TensorAssert.Close(a.Grad!, gradA, $"Ā = C̄ Bᵀ, of shape (N,K), for {shapes}", comparison: Swapped(b.Grad!, "Ā"));
        TensorAssert.Close(b.Grad!, gradB, $"B̄ = Aᵀ C̄, of shape (K,M), for {shapes}", comparison: Swapped(a.Grad!, "B̄"));
    }

    // The other gradient in this one's place: the pair returned in the wrong order.
    private static Comparison Swapped(Tensor otherGradient, string name) => new()
    {
        Suspects = [new($"your {name} is the other gradient: return (Ā, B̄) in that order", otherGradient)],
        Position = index => $"row {index[0]}, column {index[1]}",
    };
}

[TestFixture, Category("task:3.2"), WriteItYourself("Tensor.SumToShape", "Tensor.Backward")]
public sealed class Task3_2_SumToShape(Func<Tensor, int[], Tensor> sumToShape)
{
    public Task3_2_SumToShape() : this(TensorGradients.SumToShape) { }

    [Test, Weight(2), Hint("sum over the leading axes that broadcasting added")]
    public void SumsAddedLeadingAxes()
    {
        var gradient = TensorAssert.Random(1, 4, 3);
        TensorAssert.Close(gradient.Sum([0]), sumToShape(gradient, [3]), "Ȳ of shape (N, M) = (4,3) summed to b's shape (3)",
            comparison: new Comparison { Sizes = [("N", 4)] });
    }

    [Test, Hint("also sum over the axes stretched from size 1, keeping them as size 1")]
    public void SumsStretchedAxes()
    {
        var gradient = TensorAssert.Random(2, 4, 2, 3);
        var leadingOnly = gradient.Sum([0]);
        TensorAssert.Close(gradient.Sum([0, 1], keepDims: true).Reshape(1, 3), sumToShape(gradient, [1, 3]), "(4,2,3) summed to (1,3)", comparison: new Comparison
        {
            Sizes = [("4·2", 8)],
            ShapeSuspects = [("only the added leading axis is summed: also sum axis 1, stretched from size 1 to 2, keeping it as size 1", leadingOnly.Shape)],
        });
    }
}
[TestFixture, Category("task:3.5"), WriteItYourself("Losses.CrossEntropy", "Losses.NllLoss", "Tensor.Backward")]
public sealed class Task3_5_CrossEntropyBackward(Func<Tensor, int[], Tensor> crossEntropyBackward)
{
    public Task3_5_CrossEntropyBackward() : this(TensorGradients.CrossEntropyBackward) { }

    [Test, Weight(2), Hint("softmax(Z) minus 1 at each row's target, divided by N, the number of rows (the loss is a mean)")]
    public void MatchesAutograd() => CrossEntropyAssert.MatchesAutograd(crossEntropyBackward, TensorAssert.Random(40, 3, 4), [0, 3, 1]);
}

internal static class CrossEntropyAssert
{
    public static void MatchesAutograd(Func<Tensor, int[], Tensor> crossEntropyBackward, Tensor logits, int[] targets)
    {
        var parameter = logits.Detach().RequireGrad();
        Losses.CrossEntropy(parameter, targets).Backward();
        var rows = logits.Size(0);
        var comparison = new Comparison
        {
            Sizes = [("N", rows)],
            Suspects =
            [
                new("onehot(y) is not subtracted: Z̄ = (softmax(Z) - onehot(y)) / N", Functional.Softmax(logits) / rows),
                new("onehot(y) is added, not subtracted: Z̄ = (softmax(Z) - onehot(y)) / N", parameter.Grad! * -1 + Functional.Softmax(logits) * (2f / rows)),
            ],
            Position = index => $"row {index[0]} (target y = {targets[index[0]]}), class c = {index[1]}",
        };
        TensorAssert.Close(parameter.Grad!, crossEntropyBackward(logits, targets), $"Z̄ for logits Z of shape (N, C) = {logits.ShapeText}, targets y = [{string.Join(", ", targets)}]", comparison: comparison);
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
        TensorAssert.Close(2 * x, gradient, "numerical gradient of Σx² (= 2x)", 1e-2f, new Comparison
        {
            Suspects =
            [
                new("the difference f(x + h) - f(x - h) is divided by h; the two points are 2h apart", 4 * x),
                new("f(x + h) - f(x - h) has the wrong sign: the point above comes first", -2 * x),
            ],
        });
    }

    [Test, Hint("leave x unchanged: restore each element after nudging it")]
    public void LeavesTheInputAsItWas()
    {
        var x = TensorAssert.Random(51, 4);
        var copy = x.ToArray();
        numericalGradient(t => t.Exp().Sum().Item(), x);
        TensorAssert.Close(copy, x.ToArray(), "x after the numerical gradient", 1e-6f, new Comparison
        {
            Suspects = [new("x was changed in place: work on a copy, Tensor.FromArray(x.ToArray(), x.Shape), or put each element back", Tensor.FromArray(copy, copy.Length) - 1e-3f)],
        });
    }
}

[TestFixture, Category("task:3.3"), WriteItYourself("Tensor.Softmax", "Functional.Softmax", "Tensor.LogSoftmax", "Functional.LogSoftmax", "Tensor.LogSumExp")]
public sealed class Task3_3_Softmax(Func<Tensor, Tensor> softmax)
{
    public Task3_3_Softmax() : this(TensorGradients.Softmax) { }

    [Test, Hint("exponentiate, then divide each row by its sum (Sum(-1, keepDims: true) keeps the shape broadcastable)")]
    public void RowsOfAMatrix()
    {
        var logits = TensorAssert.Random(20, 2, 3);
        TensorAssert.Close(Functional.Softmax(logits), softmax(logits), "softmax of a (2,3) matrix", comparison: new Comparison
        {
            Suspects = [new("normalised along the first axis (each column sums to 1); softmax runs along the last axis: Sum(-1, keepDims: true)", Functional.Softmax(logits, axis: 0))],
        });
    }

    [Test, Hint("e^1000 overflows to ∞; subtract each row's maximum before exponentiating")]
    public void LargeLogitsDoNotOverflow()
    {
        var logits = Tensor.FromArray(new float[,] { { 1000, 1001, 1002 } });
        TensorAssert.Close(Functional.Softmax(logits), softmax(logits), "softmax of [1000, 1001, 1002]");
    }
}

[TestFixture, Category("task:3.4"), WriteItYourself("Tensor.LogSoftmax", "Functional.LogSoftmax", "Tensor.LogSumExp", "Tensor.Softmax", "Functional.Softmax")]
public sealed class Task3_4_LogSoftmax(Func<Tensor, Tensor> logSoftmax)
{
    public Task3_4_LogSoftmax() : this(TensorGradients.LogSoftmax) { }

    [Test, Hint("log softmax(z) = z - log Σ e^z along the last axis")]
    public void RowsOfAMatrix()
    {
        var logits = TensorAssert.Random(30, 3, 4);
        TensorAssert.Close(Functional.LogSoftmax(logits), logSoftmax(logits), "log-softmax of a (3,4) matrix", comparison: new Comparison
        {
            Suspects = [new("log Σ e^z is taken along the first axis; log-softmax runs along the last axis", logits - logits.Exp().Sum([0], keepDims: true).Log())],
        });
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

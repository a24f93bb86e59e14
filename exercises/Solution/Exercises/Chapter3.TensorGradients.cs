namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 3: backward passes on tensors: the matrix product, broadcasting undone by summing, softmax with
/// cross-entropy, and the numerical gradient that checks them all; softmax and log-softmax computed stably.
/// Matrices are 2-D, (rows, columns); softmax runs along the last axis.
/// </summary>
public static class TensorGradients
{
    // Task 3.1: the backward of a matrix product
    // Write it yourself; not allowed here: Tensor.Backward
    /// <summary>
    /// C = A B with A (N,K), B (K,M). Given dL/dC (N,M), returns dL/dA = dL/dC · Bᵀ (N,K) and dL/dB = Aᵀ · dL/dC (K,M).
    /// </summary>
    public static (Tensor GradA, Tensor GradB) MatMulBackward(Tensor a, Tensor b, Tensor outputGrad)
    {
        // BEGIN SOLUTION
        return (outputGrad.MatMul(b.T), a.T.MatMul(outputGrad));
        // END SOLUTION
    }

    // Task 3.2: summing a broadcast gradient back to its input's shape
    // Write it yourself; not allowed here: Tensor.SumToShape, Tensor.Backward
    /// <summary>
    /// The backward of broadcasting: <paramref name="gradient"/> has the broadcast shape; sum it over the leading
    /// axes that broadcasting added and over the axes it stretched from size 1, so the result has
    /// <paramref name="shape"/>. (4,2,3) → (1,3): sum over axes 0 and 1.
    /// </summary>
    public static Tensor SumToShape(Tensor gradient, int[] shape)
    {
        // BEGIN SOLUTION
        var leading = gradient.Rank - shape.Length;
        var axes = new List<int>();
        for (var axis = 0; axis < gradient.Rank; axis++)
        {
            var added = axis < leading;
            var stretched = !added && shape[axis - leading] == 1 && gradient.Size(axis) != 1;
            if (added || stretched)
            {
                axes.Add(axis);
            }
        }
        return axes.Count == 0 ? gradient : gradient.Sum([.. axes], keepDims: true).Reshape(shape);
        // END SOLUTION
    }

    // Task 3.3: softmax along the last axis, without overflow
    // Write it yourself; not allowed here: Tensor.Softmax, Functional.Softmax, Tensor.LogSoftmax, Functional.LogSoftmax, Tensor.LogSumExp
    /// <summary>
    /// softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ) along the last axis. Subtract each row's maximum first: the result is the
    /// same, and e^z no longer overflows for z = 1000.
    /// </summary>
    public static Tensor Softmax(Tensor logits)
    {
        // BEGIN SOLUTION
        var shifted = logits - logits.Max(-1, keepDims: true);
        var exponentials = shifted.Exp();
        return exponentials / exponentials.Sum(-1, keepDims: true);
        // END SOLUTION
    }

    // Task 3.4: log-softmax along the last axis, without overflow
    // Write it yourself; not allowed here: Tensor.LogSoftmax, Functional.LogSoftmax, Tensor.LogSumExp, Tensor.Softmax, Functional.Softmax
    /// <summary>
    /// log softmax(z)ᵢ = zᵢ - log Σⱼ e^(zⱼ) = (zᵢ - m) - log Σⱼ e^(zⱼ - m), with m the row maximum, so that neither
    /// e^z overflows nor log 0 appears.
    /// </summary>
    public static Tensor LogSoftmax(Tensor logits)
    {
        // BEGIN SOLUTION
        var shifted = logits - logits.Max(-1, keepDims: true);
        return shifted - shifted.Exp().Sum(-1, keepDims: true).Log();
        // END SOLUTION
    }

    // Task 3.5: the gradient of softmax with cross-entropy
    // Write it yourself; not allowed here: Losses.CrossEntropy, Losses.NllLoss, Tensor.Backward
    /// <summary>
    /// L = mean over the N rows of -log softmax(z)[target]. Returns dL/dz (N,C) = (softmax(z) - onehot(target)) / N.
    /// </summary>
    public static Tensor CrossEntropyBackward(Tensor logits, int[] targets)
    {
        // BEGIN SOLUTION
        var rows = logits.Size(0);
        var probabilities = logits.Softmax(-1);
        var oneHot = Tensor.Zeros(logits.Shape);
        for (var row = 0; row < rows; row++)
        {
            oneHot[row, targets[row]] = 1;
        }
        return (probabilities - oneHot) / rows;
        // END SOLUTION
    }

    // Task 3.6: a numerical gradient of a tensor function
    /// <summary>
    /// ∂f/∂xᵢ for every element of x by central differences, (f(x + h·eᵢ) - f(x - h·eᵢ)) / 2h with h = 1e-3 (float32
    /// needs a larger h than double): the gradient check that every backward is tested against. Leaves x as it was.
    /// </summary>
    public static Tensor NumericalGradient(Func<Tensor, float> f, Tensor x)
    {
        // BEGIN SOLUTION
        const float h = 1e-3f;
        var point = Tensor.FromArray(x.ToArray(), x.Shape);
        var values = point.AsSpan();
        var gradient = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i];
            values[i] = original + h;
            var above = f(point);
            values[i] = original - h;
            var below = f(point);
            values[i] = original;
            gradient[i] = (above - below) / (2 * h);
        }
        return Tensor.FromArray(gradient, x.Shape);
        // END SOLUTION
    }

    // Question 3.a: the shape of a weight's gradient
    /// <summary>Your answer to quick question 3.a in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question3A()
    {
        // BEGIN SOLUTION
        return 'C';
        // END SOLUTION
    }

    // Question 3.b: the gradient of a broadcast bias
    /// <summary>Your answer to quick question 3.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question3B()
    {
        // BEGIN SOLUTION
        return 4;
        // END SOLUTION
    }

    // Question 3.c: the softmax of four equal, huge logits
    /// <summary>Your answer to quick question 3.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question3C()
    {
        // BEGIN SOLUTION
        return 'D';
        // END SOLUTION
    }
}

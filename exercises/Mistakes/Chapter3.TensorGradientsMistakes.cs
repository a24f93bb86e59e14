using DeepLearning.NN;

namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 3's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class TensorGradientsMistakes
{
    [Mistake("3.1", "B̄ = C̄ᵀ A: the transpose of the right gradient", mustName: "transpose")]
    public static (Tensor GradA, Tensor GradB) GradientTransposed(Tensor a, Tensor b, Tensor outputGrad) => (outputGrad.MatMul(b.T), outputGrad.T.MatMul(a));

    [Mistake("3.1", "a minus sign on both gradients", mustName: "sign error")]
    public static (Tensor GradA, Tensor GradB) GradientsNegated(Tensor a, Tensor b, Tensor outputGrad) => (-outputGrad.MatMul(b.T), -a.T.MatMul(outputGrad));

    [Mistake("3.1", "returns (B̄, Ā), the pair in the wrong order", mustName: "in that order")]
    public static (Tensor GradA, Tensor GradB) PairSwapped(Tensor a, Tensor b, Tensor outputGrad) => (a.T.MatMul(outputGrad), outputGrad.MatMul(b.T));

    [Mistake("3.2", "calls the engine's SumToShape", mustName: "the call to Tensor.SumToShape is not allowed")]
    public static Tensor CallsTheEngine(Tensor gradient, int[] shape) => gradient.SumToShape(shape);

    [Mistake("3.2", "takes the mean over the axes instead of the sum", mustName: "a mean where a sum belongs")]
    public static Tensor MeanInsteadOfSum(Tensor gradient, int[] shape) => gradient.Mean(BroadcastAxes(gradient, shape, stretched: true), keepDims: true).Reshape(shape);

    [Mistake("3.2", "sums only the leading axes, forgetting those stretched from size 1", mustName: "also sum axis 1")]
    public static Tensor ForgetsStretchedAxes(Tensor gradient, int[] shape) => gradient.Sum(BroadcastAxes(gradient, shape, stretched: false));

    [Mistake("3.3", "exponentiates without subtracting the row maximum", mustName: "overflow")]
    public static Tensor Unstable(Tensor logits)
    {
        var exponentials = logits.Exp();
        return exponentials / exponentials.Sum(-1, keepDims: true);
    }

    [Mistake("3.3", "normalises along axis 0", mustName: "along the first axis")]
    public static Tensor SoftmaxAlongAxisZero(Tensor logits)
    {
        var exponentials = (logits - logits.Max(0, keepDims: true)).Exp();
        return exponentials / exponentials.Sum(0, keepDims: true);
    }

    [Mistake("3.4", "takes the log of the softmax, which underflows to log 0", mustName: "underflowed")]
    public static Tensor LogOfSoftmax(Tensor logits)
    {
        var exponentials = (logits - logits.Max(-1, keepDims: true)).Exp();
        return (exponentials / exponentials.Sum(-1, keepDims: true)).Log();
    }

    [Mistake("3.4", "log Σ e^z - z: the sign the wrong way round", mustName: "sign error")]
    public static Tensor LogSoftmaxNegated(Tensor logits)
    {
        var shifted = logits - logits.Max(-1, keepDims: true);
        return shifted.Exp().Sum(-1, keepDims: true).Log() - shifted;
    }

    [Mistake("3.4", "sums the exponentials along axis 0", mustName: "along the first axis")]
    public static Tensor LogSoftmaxAlongAxisZero(Tensor logits) => logits - logits.Exp().Sum(0, keepDims: true).Log();

    [Mistake("3.5", "forgets to divide by N", mustName: "forget to divide by N = 3")]
    public static Tensor ForgetsOneOverN(Tensor logits, int[] targets) => ProbabilitiesMinusOneHot(logits, targets, sign: -1);

    [Mistake("3.5", "returns softmax(Z) / N without the one-hot", mustName: "onehot(y) is not subtracted")]
    public static Tensor ForgetsOneHot(Tensor logits, int[] targets) => Softmax(logits) / logits.Size(0);

    [Mistake("3.5", "adds the one-hot instead of subtracting it", mustName: "is added, not subtracted")]
    public static Tensor AddsOneHot(Tensor logits, int[] targets) => ProbabilitiesMinusOneHot(logits, targets, sign: 1) / logits.Size(0);

    [Mistake("3.6", "divides by h instead of 2h", mustName: "2h apart")]
    public static Tensor DividesByH(Func<Tensor, float> f, Tensor x) => CentralDifferences(f, x, divisor: 1, restore: true);

    [Mistake("3.6", "nudges x itself and does not put it back", mustName: "changed in place")]
    public static Tensor ChangesX(Func<Tensor, float> f, Tensor x) => CentralDifferences(f, x, divisor: 2, restore: false);

    private static int[] BroadcastAxes(Tensor gradient, int[] shape, bool stretched)
    {
        var leading = gradient.Rank - shape.Length;
        return [.. Enumerable.Range(0, gradient.Rank).Where(axis => axis < leading || (stretched && shape[axis - leading] == 1 && gradient.Size(axis) != 1))];
    }

    private static Tensor Softmax(Tensor logits)
    {
        var exponentials = (logits - logits.Max(-1, keepDims: true)).Exp();
        return exponentials / exponentials.Sum(-1, keepDims: true);
    }

    private static Tensor ProbabilitiesMinusOneHot(Tensor logits, int[] targets, int sign)
    {
        var oneHot = Tensor.Zeros(logits.Shape);
        for (var row = 0; row < logits.Size(0); row++)
        {
            oneHot[row, targets[row]] = 1;
        }
        return Softmax(logits) + sign * oneHot;
    }

    // x itself is nudged (the mistake of restore: false leaves each element at x - h).
    private static Tensor CentralDifferences(Func<Tensor, float> f, Tensor x, int divisor, bool restore)
    {
        const float h = 1e-3f;
        var values = x.AsSpan().ToArray();
        var gradient = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var original = x.AsSpan()[i];
            x.AsSpan()[i] = original + h;
            var above = f(x);
            x.AsSpan()[i] = original - h;
            var below = f(x);
            if (restore)
            {
                x.AsSpan()[i] = original;
            }
            gradient[i] = (above - below) / (divisor * h);
        }
        return Tensor.FromArray(gradient, x.Shape);
    }
}

using DeepLearning.NN;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 3's stand-ins: the engine's autograd computes each backward; the course's numerical gradient.</summary>
public static class Chapter03Fallbacks
{
    [FallbackFor("3.1", "the engine's autograd through MatMul")]
    public static (Tensor GradA, Tensor GradB) MatMulBackward(Tensor a, Tensor b, Tensor outputGrad)
    {
        var (left, right) = (a.Detach().RequireGrad(), b.Detach().RequireGrad());
        left.MatMul(right).Backward(outputGrad);
        return (left.Grad!, right.Grad!);
    }

    [FallbackFor("3.2", "the engine's Tensor.SumToShape")]
    public static Tensor SumToShape(Tensor gradient, int[] shape) => gradient.SumToShape(shape);

    [FallbackFor("3.5", "the engine's autograd through Losses.CrossEntropy")]
    public static Tensor CrossEntropyBackward(Tensor logits, int[] targets)
    {
        var z = logits.Detach().RequireGrad();
        Losses.CrossEntropy(z, targets).Backward();
        return z.Grad!;
    }

    [FallbackFor("3.6", "the course's central differences with h = 10⁻³")]
    public static Tensor NumericalGradient(Func<Tensor, float> f, Tensor x)
    {
        const float step = 1e-3f;
        var point = x.ToArray();
        float At(int i, float value)
        {
            var moved = (float[])point.Clone();
            moved[i] = value;
            return f(Tensor.FromArray(moved, x.Shape));
        }
        return Tensor.FromArray(point.Select((value, i) => (At(i, value + step) - At(i, value - step)) / (2 * step)).ToArray(), x.Shape);
    }
}

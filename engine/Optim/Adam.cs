using System.Runtime.Intrinsics;

namespace DeepLearning.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015): running averages of the gradient (m) and of its square (v), bias-corrected,
/// give each parameter its own step size:
/// m ← β₁m + (1-β₁)g;  v ← β₂v + (1-β₂)g²;  m̂ = m/(1-β₁ᵗ);  v̂ = v/(1-β₂ᵗ);  θ ← θ - η·m̂/(√v̂ + ε).
/// Weight decay λ is added to the gradient (g ← ∇ + λθ, L2 regularisation), as <c>torch.optim.Adam</c>.
/// </summary>
public class Adam : Optimizer
{
    private readonly float[][] _firstMoment;
    private readonly float[][] _secondMoment;

    /// <summary>
    /// Steps taken by each parameter: like torch.optim.Adam, a parameter's t (for the bias correction)
    /// counts only the steps in which it had a gradient, so one that joins late starts at t = 1.
    /// </summary>
    private readonly int[] _parameterSteps;

    public Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0)
        : base(parameters, learningRate)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _firstMoment = StateLikeParameters();
        _secondMoment = StateLikeParameters();
        _parameterSteps = new int[Parameters.Count];
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public float WeightDecay { get; }

    /// <summary>True for AdamW: the decay shrinks θ directly instead of entering the gradient.</summary>
    protected virtual bool DecouplesWeightDecay => false;

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        var m = _firstMoment[index];
        var v = _secondMoment[index];
        var step = ++_parameterSteps[index];
        var correction1 = 1 - MathF.Pow(Beta1, step);
        var correction2 = 1 - MathF.Pow(Beta2, step);
        // Eight parameters at a time with the same operations in the same order (so bit-for-bit the scalar
        // result), then the scalar loop for the rest: the update is ~10 flops a parameter and was the slowest
        // part of a small model's training step when written per element.
        var i = Vector256.IsHardwareAccelerated ? UpdateVectors(parameter, gradient, m, v, correction1, correction2) : 0;
        for (; i < parameter.Length; i++)
        {
            var g = gradient[i];
            if (DecouplesWeightDecay)
            {
                parameter[i] -= LearningRate * WeightDecay * parameter[i];
            }
            else
            {
                g += WeightDecay * parameter[i];
            }
            m[i] = Beta1 * m[i] + (1 - Beta1) * g;
            v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
            var mHat = m[i] / correction1;
            var vHat = v[i] / correction2;
            parameter[i] -= LearningRate * mHat / (MathF.Sqrt(vHat) + Epsilon);
        }
    }

    /// <summary>The loop above on whole vectors; returns how many parameters it updated.</summary>
    private int UpdateVectors(Span<float> parameter, ReadOnlySpan<float> gradient, float[] m, float[] v, float correction1, float correction2)
    {
        var (decoupled, decay, rate) = (DecouplesWeightDecay, Vector256.Create(WeightDecay), Vector256.Create(LearningRate));
        var (beta1, beta2) = (Vector256.Create(Beta1), Vector256.Create(Beta2));
        var (oneMinusBeta1, oneMinusBeta2) = (Vector256.Create(1 - Beta1), Vector256.Create(1 - Beta2));
        var (c1, c2, epsilon) = (Vector256.Create(correction1), Vector256.Create(correction2), Vector256.Create(Epsilon));
        var rateTimesDecay = Vector256.Create(LearningRate * WeightDecay);
        var count = parameter.Length - parameter.Length % Vector256<float>.Count;
        for (var i = 0; i < count; i += Vector256<float>.Count)
        {
            var p = Vector256.Create<float>(parameter.Slice(i));
            var g = Vector256.Create(gradient.Slice(i));
            if (decoupled)
            {
                p -= rateTimesDecay * p;
            }
            else
            {
                g += decay * p;
            }
            var mi = beta1 * Vector256.Create<float>(m.AsSpan(i)) + oneMinusBeta1 * g;
            var vi = beta2 * Vector256.Create<float>(v.AsSpan(i)) + oneMinusBeta2 * g * g;
            mi.CopyTo(m.AsSpan(i));
            vi.CopyTo(v.AsSpan(i));
            p -= rate * (mi / c1) / (Vector256.Sqrt(vi / c2) + epsilon);
            p.CopyTo(parameter.Slice(i));
        }
        return count;
    }
}

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay, θ ← θ - ηλθ before the Adam step,
/// so the decay does not pass through the adaptive scaling. Default λ = 0.01, as <c>torch.optim.AdamW</c>.
/// </summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
    float epsilon = 1e-8f, float weightDecay = 0.01f)
    : Adam(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
{
    protected override bool DecouplesWeightDecay => true;
}

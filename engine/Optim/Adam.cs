using DeepLearning.Backends;

namespace DeepLearning.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015): running averages of the gradient (m) and of its square (v), bias-corrected,
/// give each parameter its own step size:
/// m ← β₁m + (1-β₁)g;  v ← β₂v + (1-β₂)g²;  m̂ = m/(1-β₁ᵗ);  v̂ = v/(1-β₂ᵗ);  θ ← θ - η·m̂/(√v̂ + ε).
/// Weight decay λ is added to the gradient (g ← ∇ + λθ, L2 regularisation), as <c>torch.optim.Adam</c>. The step is
/// one fused backend operation (<see cref="IBackend.AdamStep"/>), on the device the parameter lives on.
/// </summary>
/// <remarks>Taught in chapter 5, section 5.1 (notebooks/05-optimisation-and-regularisation.ipynb), task 5.2.</remarks>
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

    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        CheckStateDevice(index, _firstMoment[index]);
        parameter.Device.Backend.AdamStep(
            parameter.Storage, gradient.ReadContiguous(), _firstMoment[index], _secondMoment[index], NextStepSettings(index));
    }

    /// <summary>Counts one more step of parameter <paramref name="index"/> and gives the step's settings, bias corrections included.</summary>
    private AdamStepSettings NextStepSettings(int index)
    {
        var step = ++_parameterSteps[index];
        return new AdamStepSettings(LearningRate, Beta1, Beta2, Epsilon, WeightDecay, DecouplesWeightDecay,
            Correction1: 1 - MathF.Pow(Beta1, step), Correction2: 1 - MathF.Pow(Beta2, step));
    }
}

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay, θ ← θ - ηλθ before the Adam step,
/// so the decay does not pass through the adaptive scaling. Default λ = 0.01, as <c>torch.optim.AdamW</c>.
/// </summary>
/// <remarks>Taught in chapter 5, section 5.4 (notebooks/05-optimisation-and-regularisation.ipynb), under weight decay.</remarks>
public sealed class AdamW(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
    float epsilon = 1e-8f, float weightDecay = 0.01f)
    : Adam(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
{
    protected override bool DecouplesWeightDecay => true;
}

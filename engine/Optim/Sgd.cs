namespace DeepLearning.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, with
/// <c>torch.optim.SGD</c>'s update:
/// g ← ∇ + λ·θ;  v ← μ·v + g (v = 0 before the first step);  d = g + μ·v (Nesterov) or v;  θ ← θ - η·d.
/// </summary>
/// <remarks>Taught in chapter 5, section 5.1 (notebooks/05-optimisation-and-regularisation.ipynb), task 5.1.</remarks>
public sealed class Sgd : Optimizer
{
    private readonly float[][] _velocity;

    public Sgd(IEnumerable<Tensor> parameters, float learningRate, float momentum = 0, bool nesterov = false, float weightDecay = 0)
        : base(parameters, learningRate)
    {
        if (nesterov && momentum <= 0)
        {
            throw new ArgumentException("sgd: Nesterov momentum needs a momentum above 0");
        }
        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        _velocity = StateLikeParameters();
    }

    public float Momentum { get; }

    public bool Nesterov { get; }

    public float WeightDecay { get; }

    /// <summary>The update as in-place tensor ops, so it runs on whichever device the parameter lives on.</summary>
    protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        CheckStateDevice(index, _velocity[index]);
        var g = WeightDecay == 0 ? gradient : gradient + WeightDecay * parameter;
        if (Momentum != 0)
        {
            var velocity = new Tensor(_velocity[index], parameter.Shape);
            velocity.ScaleInPlace(Momentum);
            velocity.AddInPlace(g); // v starts at 0, so the first step gives v = g
            g = Nesterov ? g + Momentum * velocity : velocity;
        }
        parameter.AddInPlace(g, -LearningRate);
    }
}

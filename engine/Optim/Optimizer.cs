namespace DeepLearning.Optim;

/// <summary>
/// Updates parameters from their gradients, one <see cref="Step"/> after each backward pass, as
/// <c>torch.optim.Optimizer</c>. Each optimizer keeps its per-parameter state (momentum, moment estimates)
/// in arrays beside the parameters.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate)
    {
        Parameters = parameters.ToArray();
        if (Parameters.FirstOrDefault(p => !p.IsLeaf || !p.RequiresGrad) is { } bad)
        {
            throw new ArgumentException($"optimizer: parameter '{bad.Name ?? bad.ShapeText}' must be a leaf that requires grad");
        }
        if (!(learningRate > 0) || !float.IsFinite(learningRate))
        {
            throw new ArgumentException($"optimizer: the learning rate must be a positive number, got {learningRate}");
        }
        LearningRate = learningRate;
    }

    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The step size; a schedule may change it between steps.</summary>
    public float LearningRate { get; set; }

    /// <summary>How many steps have been taken.</summary>
    public int StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Grad is { } grad)
            {
                Update(i, Parameters[i].AsSpan(), grad.AsSpan());
            }
        }
    }

    /// <summary>Forgets every parameter's gradient; call it before each backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters)
        {
            parameter.ZeroGrad();
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>Zero-filled state, one array a parameter, shaped like the parameters.</summary>
    protected float[][] StateLikeParameters() => Parameters.Select(p => new float[p.ElementCount]).ToArray();
}

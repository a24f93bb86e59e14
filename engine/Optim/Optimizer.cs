namespace DeepLearning.Optim;

/// <summary>
/// Updates parameters from their gradients, one <see cref="Step"/> after each backward pass, as
/// <c>torch.optim.Optimizer</c>. Each optimizer keeps its per-parameter state (momentum, moment estimates)
/// in arrays beside the parameters.
/// </summary>
/// <remarks>Taught in chapter 4, section 4.4 (notebooks/04-layers-and-an-mlp.ipynb); its update rules in chapter 5.</remarks>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate)
    {
        Parameters = parameters.ToArray();
        if (Parameters.FirstOrDefault(p => !p.IsLeaf || !p.RequiresGrad) is { } bad)
        {
            throw new ArgumentException($"optimizer: parameter '{bad.Name ?? bad.ShapeText}' must be a leaf that requires grad");
        }
        // The fused steps (Adam's) update a parameter's storage array as a whole.
        if (Parameters.FirstOrDefault(p => !p.OwnsStorage) is { } view)
        {
            throw new ArgumentException(
                $"optimizer: parameter '{view.Name ?? view.ShapeText}' is a view into a larger storage; pass the tensor it views, or a Clone() of it");
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

    /// <summary>Applies one update to every parameter that has a gradient, on the parameter's device.</summary>
    public void Step()
    {
        StepCount++;
        using var _ = Autograd.NoGrad();
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Grad is { } gradient)
            {
                Update(i, Parameters[i], gradient);
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

    /// <summary>
    /// Updates parameter <paramref name="index"/> in place from its gradient, with the backend of the device it
    /// lives on (in-place tensor ops, or a fused backend step); its state lives there too.
    /// </summary>
    protected abstract void Update(int index, Tensor parameter, Tensor gradient);

    /// <summary>
    /// Zeros shaped like each parameter, on its device: an optimizer's state (velocity, moments), one array a
    /// parameter.
    /// </summary>
    protected float[][] StateLikeParameters() => Parameters.Select(p => Tensor.Zeros(p.Shape, p.Device).Storage).ToArray();

    /// <summary>
    /// Checks that the state made for parameter <paramref name="index"/> lives where the parameter now does: a
    /// model moved after its optimizer was made would otherwise mix devices.
    /// </summary>
    protected void CheckStateDevice(int index, float[] state)
    {
        var (parameter, stateDevice) = (Parameters[index], Device.Of(state));
        if (!ReferenceEquals(stateDevice, parameter.Device))
        {
            throw new InvalidOperationException(
                $"{GetType().Name}: parameter '{parameter.Name ?? parameter.ShapeText}' is on {parameter.Device.Name} but the optimizer's state is on {stateDevice.Name}; make the optimizer after moving the model (model.To(device))");
        }
    }
}

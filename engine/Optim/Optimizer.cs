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
            if (Parameters[i].Grad is not { } grad)
            {
                continue;
            }
            if (Parameters[i].Device.IsCpu)
            {
                Update(i, Parameters[i].AsSpan(), grad.AsSpan());
            }
            else
            {
                UpdateOnDevice(i, Parameters[i], grad);
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

    /// <summary>
    /// The same update for a parameter that lives on an accelerator, with the device's backend; its state must
    /// live there too (made by <see cref="StateLikeParameters"/> when the parameters were already on it).
    /// </summary>
    protected virtual void UpdateOnDevice(int index, Tensor parameter, Tensor gradient) =>
        throw new NotSupportedException($"{GetType().Name}: no update for parameters on {parameter.Device.Name}; train on the CPU, or use Sgd, Adam or AdamW");

    /// <summary>Zeros shaped like each parameter, on its device: an optimizer's state (velocity, moments).</summary>
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

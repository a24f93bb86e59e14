namespace DeepLearning.NN;

/// <summary>
/// A piece of a network: it owns parameters (tensors that training changes), buffers (state that is saved but
/// not trained, such as BatchNorm's running statistics) and child modules, all by name, as
/// <c>torch.nn.Module</c>. Names nest with dots, following the module tree: <c>0.weight</c>, <c>block.1.bias</c>.
/// </summary>
/// <remarks>Taught in chapter 4, section 4.2 (notebooks/04-layers-and-an-mlp.ipynb).</remarks>
public abstract class Module
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Tensor Tensor)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>True in training mode (the default); false after <see cref="Eval"/>. Dropout and BatchNorm differ.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the module's output for an input batch.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Every parameter of this module and its children, by dotted name, in registration order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters() => Walk(module => module._parameters);

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(named => named.Parameter);

    /// <summary>Everything a checkpoint holds: the parameters, then the buffers, by dotted name.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> StateDict() =>
        NamedParameters().Concat(Walk(module => module._buffers));

    /// <summary>The total number of trainable numbers.</summary>
    public int ParameterCount => Parameters().Sum(p => p.ElementCount);

    /// <summary>The device of this module's parameters (the CPU for a module without any).</summary>
    public Device Device => StateDict().Select(named => named.Tensor.Device).FirstOrDefault() ?? Device.Cpu;

    /// <summary>
    /// Moves every parameter and buffer to <paramref name="device"/> (one counted transfer each), in place, as
    /// <c>module.to(device)</c> in PyTorch. Create the optimizer after this, so that its state is made there too.
    /// </summary>
    public Module To(Device device)
    {
        foreach (var (_, tensor) in StateDict())
        {
            tensor.MoveTo(device);
        }
        return this;
    }

    /// <summary>Sets training mode on this module and every child.</summary>
    public void Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, child) in _children)
        {
            child.Train(training);
        }
    }

    /// <summary>Evaluation mode: Dropout passes its input through, BatchNorm uses its running statistics.</summary>
    public void Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var parameter in Parameters())
        {
            parameter.ZeroGrad();
        }
    }

    /// <summary>
    /// Copies values into this module's parameters and buffers. The names must match exactly and the shapes
    /// too; otherwise nothing is changed and the message lists every missing, unexpected and mis-shaped name.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var own = StateDict().ToList();
        var problems = new List<string>();
        foreach (var (name, tensor) in own)
        {
            if (!state.TryGetValue(name, out var value))
            {
                problems.Add($"missing '{name}' (expected shape {tensor.ShapeText})");
            }
            else if (!value.ShapeSpan.SequenceEqual(tensor.ShapeSpan))
            {
                problems.Add($"'{name}' has shape {value.ShapeText}, but the module expects {tensor.ShapeText}");
            }
        }
        var ownNames = own.Select(named => named.Name).ToHashSet();
        problems.AddRange(state.Keys.Where(name => !ownNames.Contains(name)).Select(name => $"unexpected '{name}'"));
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"load_state_dict: the state does not fit this {GetType().Name}: " + string.Join("; ", problems));
        }
        foreach (var (name, tensor) in own)
        {
            tensor.CopyFrom(state[name].To(tensor.Device));
        }
    }

    /// <summary>Registers a trainable tensor under a name; it is marked as requiring grad.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        value.RequiresGrad = true;
        value.Name = name;
        _parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a tensor that is saved with the module but not trained.</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        value.Name = name;
        _buffers.Add((name, value));
        return value;
    }

    /// <summary>Registers a child module; its names are prefixed with <paramref name="name"/> and a dot.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    private IEnumerable<(string Name, Tensor Tensor)> Walk(Func<Module, List<(string Name, Tensor Tensor)>> select)
    {
        foreach (var named in select(this))
        {
            yield return named;
        }
        foreach (var (prefix, child) in _children)
        {
            foreach (var (name, tensor) in child.Walk(select))
            {
                yield return ($"{prefix}.{name}", tensor);
            }
        }
    }

    /// <summary>A one-line description, e.g. <c>Linear(784 → 256)</c>; containers list their children.</summary>
    public override string ToString() => GetType().Name;
}

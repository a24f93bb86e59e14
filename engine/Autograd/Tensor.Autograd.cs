using DeepLearning.Backends;

namespace DeepLearning;

public sealed partial class Tensor
{
    private bool _requiresGrad;

    /// <summary>
    /// Whether ops on this tensor are recorded so that gradients flow back to it. Set it on the leaves you
    /// want gradients for (parameters); results of ops on such tensors require grad by themselves.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
            {
                throw new InvalidOperationException(
                    $"requires_grad: this tensor is the output of '{GradFn.OpName}'; use Detach() to get a tensor without history");
            }
            _requiresGrad = value;
        }
    }

    /// <summary>dL/d(this) after <see cref="Backward"/>, for leaves that require grad; null before.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The op that produced this tensor, or null for a leaf (data or a parameter).</summary>
    public GradFn? GradFn { get; private set; }

    /// <summary>A tensor made by the user rather than by a recorded op.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>An optional name (parameters carry theirs), shown in messages.</summary>
    public string? Name { get; set; }

    /// <summary>Marks this tensor as requiring grad and returns it, for chaining: <c>Tensor.Randn(3).RequireGrad()</c>.</summary>
    public Tensor RequireGrad()
    {
        RequiresGrad = true;
        return this;
    }

    /// <summary>The same data without history: a new leaf that shares storage and does not require grad.</summary>
    public Tensor Detach()
    {
        // A view without history of a graph's tensor: its storage must outlive the graph (see ReleaseGraph).
        _aliased |= GradFn is not null;
        return new(Storage, _shape, _strides, Offset);
    }

    /// <summary>Forgets the accumulated gradient (sets <see cref="Grad"/> to null).</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>
    /// Attaches the backward of an op to its freshly computed output, when recording is on and some input
    /// requires grad. Every op goes through here, so this is also where anomaly mode looks at outputs.
    /// </summary>
    internal static Tensor Record(Tensor output, string opName, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        if (Autograd.IsAnomalyDetectionEnabled)
        {
            Autograd.CheckFinite(output, $"the output of '{opName}'");
        }
        if (Autograd.IsGradEnabled && Array.Exists(inputs, input => input.RequiresGrad))
        {
            output._requiresGrad = true;
            output.GradFn = new GradFn(opName, inputs, backward);
            return output;
        }
        foreach (var input in inputs)
        {
            // A view made without recording (under NoGrad) of a graph's tensor shares its storage: keep that storage.
            input._aliased |= input.GradFn is not null && ReferenceEquals(input._storage, output._storage);
        }
        return output;
    }

    /// <summary>
    /// Computes dL/dx for every leaf x that this tensor L depends on and that requires grad, and adds it to
    /// x.<see cref="Grad"/>.
    /// </summary>
    /// <param name="gradient">
    /// dL/d(this) to start from; may be omitted only for a one-element L (then it is 1).
    /// </param>
    /// <remarks>
    /// The graph is kept, so Backward may be called again; gradients then accumulate into the leaves'
    /// <see cref="Grad"/> (a second call adds the same gradient again), as PyTorch with
    /// <c>retain_graph=True</c>. Call <see cref="ZeroGrad"/> (or the optimizer's) between steps.
    /// The walk is iterative, so a graph 100,000 ops deep is fine.
    /// </remarks>
    public void Backward(Tensor? gradient = null)
    {
        CheckBackwardSeed(gradient);
        var order = TopologicalOrder();
        var seed = gradient ?? OnesLike(this);
        using var rentals = BufferPool.RecordRentals();
        var pending = new PendingGradients(this, seed, rentals);
        using var _ = Autograd.NoGrad();
        // Outputs before inputs: when a node comes up, every path to it has added its share of dL/d(node).
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (!pending.TryTake(node, out var nodeGrad))
            {
                continue;
            }
            if (node.GradFn is null)
            {
                node.Grad = node.Grad is null ? pending.KeepForLeaf(nodeGrad) : node.Grad + nodeGrad;
            }
            else
            {
                // The chain rule, locally: the op's backward turns dL/d(output) into dL/d(input) for each input.
                var inputGrads = Autograd.RunBackward(node.GradFn, nodeGrad);
                for (var k = 0; k < inputGrads.Length; k++)
                {
                    if (inputGrads[k] is { } inputGrad && node.GradFn.Inputs[k].RequiresGrad)
                    {
                        pending.Add(node.GradFn.Inputs[k], CheckInputGradient(node.GradFn, k, inputGrad));
                    }
                }
            }
            pending.Finish(nodeGrad);
        }
    }

    private void CheckBackwardSeed(Tensor? gradient)
    {
        if (!RequiresGrad)
        {
            throw new InvalidOperationException(
                "backward: this tensor does not require grad, so there is nothing to differentiate " +
                "(set RequiresGrad on the parameters before computing with them, and not inside Autograd.NoGrad())");
        }
        if (gradient is null && ElementCount != 1)
        {
            throw new InvalidOperationException(
                $"backward: a gradient can only be implied for a one-element tensor; this one has shape {ShapeText}, so pass dL/d(this) of that shape");
        }
        if (gradient is not null && !gradient._shape.AsSpan().SequenceEqual(_shape))
        {
            throw new ArgumentException(
                $"backward: the gradient has shape {gradient.ShapeText} but the tensor has shape {ShapeText}");
        }
    }

    /// <summary>An op's backward must give each input a gradient of its shape; anomaly mode also wants it finite.</summary>
    private static Tensor CheckInputGradient(GradFn gradFn, int k, Tensor inputGrad)
    {
        var input = gradFn.Inputs[k];
        if (!inputGrad._shape.AsSpan().SequenceEqual(input._shape))
        {
            throw new InvalidOperationException(
                $"backward of '{gradFn.OpName}': gradient for input {k} has shape {inputGrad.ShapeText}, expected {input.ShapeText} (a bug in the op)");
        }
        if (Autograd.IsAnomalyDetectionEnabled)
        {
            Autograd.CheckFinite(inputGrad, $"the gradient that the backward of '{gradFn.OpName}' gave input {k}");
        }
        return inputGrad;
    }

    /// <summary>
    /// Every tensor this one was computed from (that requires grad), each after all of its inputs, by an
    /// iterative depth-first walk with an explicit stack.
    /// </summary>
    private List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance) { this };
        var stack = new Stack<(Tensor Node, int NextInput)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, nextInput) = stack.Pop();
            var inputs = node.GradFn?.Inputs ?? [];
            if (nextInput < inputs.Length)
            {
                stack.Push((node, nextInput + 1));
                var input = inputs[nextInput];
                if (input.RequiresGrad && visited.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }
}

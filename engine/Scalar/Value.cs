namespace DeepLearning.Scalar;

/// <summary>
/// A scalar that remembers how it was computed, so that <see cref="Backward"/> can apply the chain rule
/// through the whole expression. This is the engine of chapter 1 (in the spirit of micrograd): a handful
/// of primitive operations, each with its local derivative, and everything else composed from them.
/// </summary>
/// <remarks>
/// Primitives: <c>+</c>, <c>*</c>, <see cref="Pow"/>, <see cref="Exp"/>, <see cref="Log"/>,
/// <see cref="Tanh"/>, <see cref="Relu"/>. Negation, subtraction and division are built from them:
/// <c>-a = a * -1</c>, <c>a - b = a + (-b)</c>, <c>a / b = a * b^-1</c>.
/// </remarks>
public sealed class Value
{
    private readonly Action? _backward;

    /// <summary>The number this node holds.</summary>
    public double Data { get; set; }

    /// <summary>dL/d(this), filled in by <see cref="Backward"/> on the output L.</summary>
    public double Grad { get; set; }

    /// <summary>The values this one was computed from (empty for a leaf).</summary>
    public IReadOnlyList<Value> Children { get; }

    /// <summary>The operation that produced this value ("" for a leaf), for printing and graph drawing.</summary>
    public string Op { get; }

    /// <summary>An optional name, shown when the graph is drawn.</summary>
    public string Label { get; set; }

    public Value(double data, string label = "") : this(data, [], "", null) => Label = label;

    private Value(double data, Value[] children, string op, Action? backward)
    {
        Data = data;
        Children = children;
        Op = op;
        Label = "";
        _backward = backward;
    }

    public static implicit operator Value(double data) => new(data);

    // out = a + b;  d(out)/da = 1, d(out)/db = 1
    public static Value operator +(Value a, Value b)
    {
        Value? result = null;
        result = new Value(a.Data + b.Data, [a, b], "+", () =>
        {
            a.Grad += result!.Grad;
            b.Grad += result.Grad;
        });
        return result;
    }

    // out = a * b;  d(out)/da = b, d(out)/db = a
    public static Value operator *(Value a, Value b)
    {
        Value? result = null;
        result = new Value(a.Data * b.Data, [a, b], "*", () =>
        {
            a.Grad += b.Data * result!.Grad;
            b.Grad += a.Data * result.Grad;
        });
        return result;
    }

    /// <summary>out = x^k for a constant exponent k;  d(out)/dx = k x^(k-1).</summary>
    public Value Pow(double exponent)
    {
        Value? result = null;
        result = new Value(Math.Pow(Data, exponent), [this], $"^{exponent}", () =>
            Grad += exponent * Math.Pow(Data, exponent - 1) * result!.Grad);
        return result;
    }

    /// <summary>out = e^x;  d(out)/dx = e^x = out.</summary>
    public Value Exp()
    {
        Value? result = null;
        result = new Value(Math.Exp(Data), [this], "exp", () => Grad += result!.Data * result.Grad);
        return result;
    }

    /// <summary>out = ln x;  d(out)/dx = 1/x.</summary>
    public Value Log()
    {
        Value? result = null;
        result = new Value(Math.Log(Data), [this], "log", () => Grad += result!.Grad / Data);
        return result;
    }

    /// <summary>out = tanh x;  d(out)/dx = 1 - tanh² x = 1 - out².</summary>
    public Value Tanh()
    {
        Value? result = null;
        result = new Value(Math.Tanh(Data), [this], "tanh", () =>
            Grad += (1 - result!.Data * result.Data) * result.Grad);
        return result;
    }

    /// <summary>out = max(0, x);  d(out)/dx = 1 where x &gt; 0, else 0.</summary>
    public Value Relu()
    {
        Value? result = null;
        result = new Value(Data > 0 ? Data : 0, [this], "relu", () =>
            Grad += (result!.Data > 0 ? 1 : 0) * result.Grad);
        return result;
    }

    public static Value operator -(Value a) => a * -1;

    public static Value operator -(Value a, Value b) => a + -b;

    public static Value operator /(Value a, Value b) => a * b.Pow(-1);

    /// <summary>
    /// Fills in <see cref="Grad"/> of every value this one depends on, with dL/dv where L is this value.
    /// Gradients accumulate (<c>+=</c>), so call <see cref="ZeroGrad"/> between steps.
    /// </summary>
    public void Backward()
    {
        var order = TopologicalOrder();
        Grad = 1;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            order[i]._backward?.Invoke();
        }
    }

    /// <summary>Sets the gradient of this value and of every value it depends on to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var node in TopologicalOrder())
        {
            node.Grad = 0;
        }
    }

    /// <summary>
    /// Every value this one depends on, each after all of its children (depth-first post-order).
    /// Iterative, with an explicit stack: a recursive walk overflows the stack on a deep graph,
    /// and in .NET a stack overflow ends the process.
    /// </summary>
    public List<Value> TopologicalOrder()
    {
        var order = new List<Value>();
        var visited = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Value Node, int NextChild)>();
        visited.Add(this);
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, nextChild) = stack.Pop();
            if (nextChild < node.Children.Count)
            {
                stack.Push((node, nextChild + 1));
                var child = node.Children[nextChild];
                if (visited.Add(child))
                {
                    stack.Push((child, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }

    public override string ToString() => $"Value(data={Data:G6}, grad={Grad:G6})";
}

using DeepLearning.Scalar;

namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 1: derivatives and a scalar autograd. Each backward takes dL/d(output) ("outputGrad") and returns
/// dL/d(input) by the chain rule: the local derivative times the gradient flowing in.
/// </summary>
public static class ScalarAutograd
{
    // Task 1.1: a numerical derivative by central differences
    /// <summary>
    /// f'(x) ≈ (f(x + h) - f(x - h)) / 2h with a small h such as 1e-5: its error shrinks like h², where a one-sided
    /// difference (f(x + h) - f(x)) / h is off by about h·f''(x)/2.
    /// </summary>
    public static double NumericalDerivative(Func<double, double> f, double x)
    {
        // BEGIN SOLUTION
        const double h = 1e-5;
        return (f(x + h) - f(x - h)) / (2 * h);
        // END SOLUTION
    }

    // Task 1.2: the backward of multiplication
    // Write it yourself; not allowed here: Value.Backward
    /// <summary>out = a·b. Returns (dL/da, dL/db) given dL/d(out).</summary>
    public static (double GradA, double GradB) MulBackward(double a, double b, double outputGrad)
    {
        // BEGIN SOLUTION
        return (b * outputGrad, a * outputGrad);
        // END SOLUTION
    }

    // Task 1.3: the backward of tanh
    // Write it yourself; not allowed here: Value.Tanh, Value.Backward
    /// <summary>out = tanh x. Returns dL/dx given dL/d(out); d tanh x / dx = 1 - tanh² x.</summary>
    public static double TanhBackward(double x, double outputGrad)
    {
        // BEGIN SOLUTION
        var y = Math.Tanh(x);
        return (1 - y * y) * outputGrad;
        // END SOLUTION
    }

    // Task 1.4: the backward of a power with a constant exponent
    // Write it yourself; not allowed here: Value.Pow, Value.Backward
    /// <summary>out = x^k for a constant k. Returns dL/dx given dL/d(out).</summary>
    public static double PowBackward(double x, double exponent, double outputGrad)
    {
        // BEGIN SOLUTION
        return exponent * Math.Pow(x, exponent - 1) * outputGrad;
        // END SOLUTION
    }

    // Task 1.5: a topological order of the graph, without recursion
    // Write it yourself; not allowed here: Value.TopologicalOrder, Value.Backward
    /// <summary>
    /// Every value that <paramref name="root"/> depends on (and the root itself), each exactly once and each
    /// after all of its <see cref="Value.Children"/>, so that walking the list backwards visits every node
    /// before its inputs. Use an explicit stack: a graph can be 100,000 nodes deep, and a recursive walk
    /// would overflow the call stack.
    /// </summary>
    public static List<Value> TopologicalOrder(Value root)
    {
        // BEGIN SOLUTION
        var order = new List<Value>();
        var visited = new HashSet<Value>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(Value Node, int NextChild)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, nextChild) = stack.Pop();
            if (nextChild == node.Children.Count)
            {
                order.Add(node);
                continue;
            }
            stack.Push((node, nextChild + 1));
            var child = node.Children[nextChild];
            if (visited.Add(child))
            {
                stack.Push((child, 0));
            }
        }
        return order;
        // END SOLUTION
    }

    // Task 1.6: tanh composed from exp, +, −, / on Value
    // Write it yourself; not allowed here: Value.Tanh
    /// <summary>
    /// tanh x = (e^(2x) - 1) / (e^(2x) + 1), built from <see cref="Value.Exp"/> and arithmetic on <see cref="Value"/>
    /// (not the ready-made <see cref="Value.Tanh"/>), so that autograd differentiates the composition.
    /// </summary>
    public static Value Tanh(Value x)
    {
        // BEGIN SOLUTION
        var e = (2 * x).Exp();
        return (e - 1) / (e + 1);
        // END SOLUTION
    }

    // Task 1.7: a neuron built from Value operations
    /// <summary>
    /// tanh(Σᵢ wᵢ·xᵢ + b), written with <see cref="Value"/> operations so that calling Backward on the result
    /// fills in the gradients of the inputs, the weights and the bias.
    /// </summary>
    public static Value Neuron(IReadOnlyList<Value> inputs, IReadOnlyList<Value> weights, Value bias)
    {
        // BEGIN SOLUTION
        if (inputs.Count != weights.Count)
        {
            throw new ArgumentException($"neuron: {inputs.Count} inputs but {weights.Count} weights");
        }
        var sum = bias;
        for (var i = 0; i < inputs.Count; i++)
        {
            sum += weights[i] * inputs[i];
        }
        return sum.Tanh();
        // END SOLUTION
    }

    // Task 1.8: mean squared error over Values
    /// <summary>L = (1/n) Σᵢ (pᵢ - tᵢ)², built from Value operations so that Backward fills in every dL/dpᵢ.</summary>
    public static Value MeanSquaredError(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets)
    {
        // BEGIN SOLUTION
        Value sum = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var difference = predictions[i] - targets[i];
            sum += difference * difference;
        }
        return sum / predictions.Count;
        // END SOLUTION
    }

    // Question 1.a: the forward difference with h = 1
    /// <summary>Your answer to quick question 1.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question1A()
    {
        // BEGIN SOLUTION
        return 17;
        // END SOLUTION
    }

    // Question 1.b: the gradient of x·x + x at x = 3
    /// <summary>Your answer to quick question 1.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question1B()
    {
        // BEGIN SOLUTION
        return 7;
        // END SOLUTION
    }

    // Question 1.c: the gradient of a mean squared error
    /// <summary>Your answer to quick question 1.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question1C()
    {
        // BEGIN SOLUTION
        return 'D';
        // END SOLUTION
    }
}

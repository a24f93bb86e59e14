using DeepLearning.Scalar;

namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 1's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class ScalarAutogradMistakes
{
    [Mistake("1.1", "a one-sided (forward) difference", mustName: "one-sided")]
    public static double ForwardDifference(Func<double, double> f, double x) => (f(x + 1e-5) - f(x)) / 1e-5;

    [Mistake("1.1", "divides the central difference by h, not 2h", mustName: "2h apart")]
    public static double DividesByH(Func<double, double> f, double x) => (f(x + 1e-5) - f(x - 1e-5)) / 1e-5;

    [Mistake("1.2", "swaps the two gradients", mustName: "swapped")]
    public static (double GradA, double GradB) Swapped(double a, double b, double outputGrad) => (a * outputGrad, b * outputGrad);

    [Mistake("1.2", "leaves out the output gradient", mustName: "outputGrad is not multiplied in")]
    public static (double GradA, double GradB) IgnoresOutputGrad(double a, double b, double outputGrad) => (b, a);

    [Mistake("1.3", "returns tanh(x)·outputGrad", mustName: "not its own derivative")]
    public static double TanhItself(double x, double outputGrad) => Math.Tanh(x) * outputGrad;

    [Mistake("1.3", "1 - x² instead of 1 - tanh²(x)", mustName: "squares x")]
    public static double OneMinusXSquared(double x, double outputGrad) => (1 - x * x) * outputGrad;

    [Mistake("1.3", "leaves out the output gradient", mustName: "outputGrad is not multiplied in")]
    public static double IgnoresOutputGrad(double x, double outputGrad) => 1 - Math.Tanh(x) * Math.Tanh(x);

    [Mistake("1.4", "k·x^k: the exponent not lowered", mustName: "not lowered")]
    public static double ExponentNotLowered(double x, double exponent, double outputGrad) => exponent * Math.Pow(x, exponent) * outputGrad;

    [Mistake("1.4", "x^(k-1) without the factor k", mustName: "factor k is missing")]
    public static double FactorMissing(double x, double exponent, double outputGrad) => Math.Pow(x, exponent - 1) * outputGrad;

    [Mistake("1.5", "no visited set: a shared node is added twice", mustName: "appears twice")]
    public static List<Value> NoVisitedSet(Value root)
    {
        var order = new List<Value>();
        var stack = new Stack<(Value Node, bool ChildrenDone)>([(root, false)]);
        while (stack.TryPop(out var entry))
        {
            if (entry.ChildrenDone)
            {
                order.Add(entry.Node);
                continue;
            }
            stack.Push((entry.Node, true));
            foreach (var child in entry.Node.Children)
            {
                stack.Push((child, false));
            }
        }
        return order;
    }

    [Mistake("1.5", "adds each node before its children (pre-order)", mustName: "after the")]
    public static List<Value> ParentsFirst(Value root)
    {
        var order = new List<Value>();
        var visited = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Value>([root]);
        while (stack.TryPop(out var node))
        {
            if (visited.Add(node))
            {
                order.Add(node);
                foreach (var child in node.Children)
                {
                    stack.Push(child);
                }
            }
        }
        return order;
    }

    [Mistake("1.6", "calls the engine's Value.Tanh", mustName: "not allowed here")]
    public static Value ReadyMade(Value x) => x.Tanh();

    [Mistake("1.6", "(e^x - 1) / (e^x + 1), which is tanh(x/2)", mustName: "tanh(x/2)")]
    public static Value HalfAngle(Value x)
    {
        var exponential = x.Exp();
        return (exponential - 1) / (exponential + 1);
    }

    [Mistake("1.7", "forgets the tanh", mustName: "no tanh")]
    public static Value NoActivation(IReadOnlyList<Value> inputs, IReadOnlyList<Value> weights, Value bias) => WeightedSum(inputs, weights) + bias;

    [Mistake("1.7", "forgets the bias", mustName: "bias b is not added")]
    public static Value NoBias(IReadOnlyList<Value> inputs, IReadOnlyList<Value> weights, Value bias) => WeightedSum(inputs, weights).Tanh();

    [Mistake("1.8", "sums the squared errors without dividing by n", mustName: "forget to divide by n = 3")]
    public static Value SumNotMean(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets) =>
        predictions.Select((prediction, i) => (prediction - targets[i]).Pow(2)).Aggregate((sum, term) => sum + term);

    [Mistake("1.8", "averages the differences without squaring them", mustName: "not squared")]
    public static Value NotSquared(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets) =>
        predictions.Select((prediction, i) => prediction - targets[i]).Aggregate((sum, term) => sum + term) / predictions.Count;

    private static Value WeightedSum(IReadOnlyList<Value> inputs, IReadOnlyList<Value> weights) =>
        inputs.Select((input, i) => weights[i] * input).Aggregate((sum, term) => sum + term);
}

using DeepLearning.Scalar;

namespace DeepLearning.Notebooks.Checks;

/// <summary>Chapter 1: derivatives and the scalar autograd engine.</summary>
public static class Chapter01Checks
{
    [TaskCheck("1.1", "a numerical derivative by central differences")]
    public static int NumericalDerivative(Func<Func<double, double>, double, double> derivative)
    {
        (string Name, Func<double, double> F, Func<double, double> Exact, double X)[] cases =
        [
            ("x²", x => x * x, x => 2 * x, 3),
            ("3x² − 4x + 5", x => 3 * x * x - 4 * x + 5, x => 6 * x - 4, -2),
            ("sin x", Math.Sin, Math.Cos, 1),
            ("eˣ", Math.Exp, Math.Exp, 0.5),
            ("1/x", x => 1 / x, x => -1 / (x * x), 0.25),
        ];
        foreach (var (name, f, exact, x) in cases)
        {
            var actual = derivative(f, x);
            // A forward difference (f(x+h) − f(x))/h is off by about h·f''(x)/2, too much for 1e-6; central is not.
            Expect.Close(actual, exact(x), 1e-6,
                $"the derivative of {name} at x = {x} (a forward difference is off by about h·f''(x)/2: use (f(x+h) − f(x−h)) / 2h)");
        }
        return cases.Length;
    }

    [TaskCheck("1.2", "tanh composed from exp, +, −, / on Value")]
    public static int TanhFromExp(Func<Value, Value> tanh)
    {
        double[] points = [-3, -0.5, 0, 0.7, 2];
        foreach (var point in points)
        {
            var x = new Value(point, "x");
            var y = tanh(x);
            if (y.TopologicalOrder().Any(node => node.Op == "tanh"))
            {
                throw new CheckMismatchException(
                    "the graph contains the engine's ready-made tanh op. Build tanh from Exp and arithmetic instead, so that autograd differentiates the composition for you.");
            }
            y.Backward();
            Expect.Close(y.Data, Math.Tanh(point), 1e-9, $"tanh({point})");
            Expect.Close(x.Grad, 1 - Math.Tanh(point) * Math.Tanh(point), 1e-9, $"d tanh(x)/dx at x = {point} after Backward()");
        }
        return points.Length;
    }

    [TaskCheck("1.3", "mean squared error over Values")]
    public static int MeanSquaredError(Func<IReadOnlyList<Value>, IReadOnlyList<double>, Value> meanSquaredError)
    {
        (double[] Predictions, double[] Targets)[] cases =
        [
            ([0.5], [1.0]),
            ([1, -1, 0.25], [1, 1, -1]),
            ([0.1, 0.2, 0.3, 0.4], [0, 0, 0, 0]),
        ];
        foreach (var (predictionData, targets) in cases)
        {
            var predictions = predictionData.Select((p, i) => new Value(p, $"p{i}")).ToArray();
            var loss = meanSquaredError(predictions, targets);
            var n = targets.Length;
            var expected = predictionData.Zip(targets, (p, t) => (p - t) * (p - t)).Sum() / n;
            var label = $"predictions [{string.Join(", ", predictionData)}], targets [{string.Join(", ", targets)}]";
            Expect.Close(loss.Data, expected, 1e-12, $"the loss for {label}");
            loss.Backward();
            for (var i = 0; i < n; i++)
            {
                Expect.Close(predictions[i].Grad, 2 * (predictionData[i] - targets[i]) / n, 1e-12,
                    $"dL/dp{i} for {label} (it should be 2(p − t)/n)");
            }
        }
        return cases.Length;
    }
}

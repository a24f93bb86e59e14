using DeepLearning.NN;

namespace DeepLearning.Notebooks.Checks;

/// <summary>Chapter 3: hand-written backward passes, checked against the engine's autograd.</summary>
public static class Chapter03Checks
{
    private const double Tolerance = 1e-4;

    [TaskCheck("3.1", "the backward of a matrix product")]
    public static int MatMulBackward(Func<Tensor, Tensor, Tensor, (Tensor GradX, Tensor GradW)> matMulBackward)
    {
        var generator = new Generator(seed: 31);
        (int N, int K, int M)[] shapes = [(1, 1, 1), (2, 3, 4), (5, 2, 3), (4, 4, 1)];
        foreach (var (n, k, m) in shapes)
        {
            var x = Tensor.Randn([n, k], generator).RequireGrad();
            var w = Tensor.Randn([k, m], generator).RequireGrad();
            var gradOutput = Tensor.Randn([n, m], generator);
            x.MatMul(w).Backward(gradOutput);
            var (gradX, gradW) = matMulBackward(x.Detach(), w.Detach(), gradOutput);
            Expect.CloseTensors(gradX, x.Grad!, Tolerance, $"dL/dX for X {Expect.Shape(x.Shape)} @ W {Expect.Shape(w.Shape)}");
            Expect.CloseTensors(gradW, w.Grad!, Tolerance, $"dL/dW for X {Expect.Shape(x.Shape)} @ W {Expect.Shape(w.Shape)}");
        }
        return shapes.Length;
    }

    [TaskCheck("3.2", "summing a broadcast gradient back to its input's shape")]
    public static int SumToShape(Func<Tensor, int[], Tensor> sumToShape)
    {
        var generator = new Generator(seed: 32);
        (int[] Gradient, int[] Input)[] cases =
        [
            ([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], [2, 1]), ([2, 3, 4], [3, 1]), ([4, 5], []), ([2, 1, 4], [1, 1, 4]),
        ];
        foreach (var (gradientShape, inputShape) in cases)
        {
            var gradient = Tensor.Randn(gradientShape, generator);
            var expected = gradient.SumToShape(inputShape);
            var actual = sumToShape(gradient, (int[])inputShape.Clone());
            Expect.CloseTensors(actual, expected, Tolerance, $"a gradient of shape {Expect.Shape(gradientShape)} summed to {Expect.Shape(inputShape)}");
        }
        return cases.Length;
    }

    [TaskCheck("3.3", "the gradient of softmax with cross-entropy")]
    public static int SoftmaxCrossEntropyGradient(Func<Tensor, int[], Tensor> gradient)
    {
        var generator = new Generator(seed: 33);
        (int Rows, int Classes)[] shapes = [(1, 2), (4, 3), (8, 10)];
        foreach (var (rows, classes) in shapes)
        {
            var logits = (3 * Tensor.Randn([rows, classes], generator)).Detach().RequireGrad();
            var targets = Enumerable.Range(0, rows).Select(_ => generator.NextInt(classes)).ToArray();
            Losses.CrossEntropy(logits, targets).Backward();
            var actual = gradient(logits.Detach(), (int[])targets.Clone());
            Expect.CloseTensors(actual, logits.Grad!, Tolerance, $"dL/dlogits for {rows} rows of {classes} classes, targets [{string.Join(", ", targets)}] (L is the mean over rows)");
        }
        return shapes.Length;
    }

    [TaskCheck("3.4", "a numerical gradient of a tensor function")]
    public static int NumericalGradient(Func<Func<Tensor, float>, Tensor, Tensor> numericalGradient)
    {
        var generator = new Generator(seed: 34);
        (string Name, Func<Tensor, Tensor> F)[] functions =
        [
            ("sum(x²)", x => (x * x).Sum()),
            ("sum(tanh(x))", x => x.Tanh().Sum()),
            ("logsumexp over the last axis, summed", x => x.LogSumExp(-1).Sum()),
        ];
        foreach (var (name, f) in functions)
        {
            var x = Tensor.Randn([3, 4], generator).RequireGrad();
            f(x).Backward();
            var point = x.Detach().Clone();
            var actual = numericalGradient(t => f(t).Item(), point);
            // float32 central differences agree with the exact gradient to about 1e-3, not 1e-6.
            Expect.CloseTensors(actual, x.Grad!, 2e-2, $"the numerical gradient of {name}");
            Expect.CloseTensors(point, x.Detach(), 0, "the point after your function ran (restore every element you nudge)");
        }
        return functions.Length;
    }
}

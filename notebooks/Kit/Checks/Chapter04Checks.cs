using DeepLearning.NN;
using DeepLearning.Optim;
using DeepLearning.Training;

namespace DeepLearning.Notebooks.Checks;

/// <summary>Chapter 4: initialisation, the training step and the confusion matrix, checked against the engine.</summary>
public static class Chapter04Checks
{
    [TaskCheck("4.1", "Kaiming (He) normal initialisation")]
    public static int KaimingNormal(Func<int, int, Generator, Tensor> kaimingNormal)
    {
        (int FanIn, int FanOut)[] layers = [(784, 128), (128, 10), (50, 400)];
        foreach (var (fanIn, fanOut) in layers)
        {
            var weight = kaimingNormal(fanIn, fanOut, new Generator(seed: 41));
            Expect.SameShape(weight.Shape, [fanOut, fanIn], $"the weight for {fanIn} inputs and {fanOut} outputs (shape (out, in), as Linear's)");
            var values = weight.ToArray();
            var mean = values.Average(v => (double)v);
            var std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
            var expected = Math.Sqrt(2.0 / fanIn);
            // With tens of thousands of samples the sample deviation is within a few per cent of the true one.
            Expect.Close(std, expected, 0.08 * expected, $"the standard deviation of the weights for fan-in {fanIn} (it should be √(2/fan-in))");
            Expect.Close(mean, 0, 0.1 * expected, $"the mean of the weights for fan-in {fanIn}");
        }
        return layers.Length;
    }

    [TaskCheck("4.2", "one step of training")]
    public static int TrainStep(Func<Module, Optimizer, Tensor, int[], float> trainStep)
    {
        var data = new Generator(seed: 42);
        var inputs = Tensor.Randn([6, 4], data);
        int[] labels = [0, 2, 1, 2, 0, 1];
        var (yours, reference) = (TinyModel(), TinyModel());
        var (yourOptimizer, referenceOptimizer) = (new Sgd(yours.Parameters(), 0.1f), new Sgd(reference.Parameters(), 0.1f));
        // Leave stale gradients behind, as a previous step would: a step must clear them first.
        foreach (var model in new[] { yours, reference })
        {
            Losses.CrossEntropy(model.Forward(inputs), labels).Backward();
        }
        const int steps = 3;
        for (var step = 1; step <= steps; step++)
        {
            var yourLoss = trainStep(yours, yourOptimizer, inputs, labels);
            referenceOptimizer.ZeroGrad();
            var loss = Losses.CrossEntropy(reference.Forward(inputs), labels);
            loss.Backward();
            referenceOptimizer.Step();
            Expect.Close(yourLoss, loss.Item(), 1e-5, $"the loss returned by step {step} (the loss before the update)");
            foreach (var ((name, yourParameter), (_, referenceParameter)) in yours.NamedParameters().Zip(reference.NamedParameters()))
            {
                Expect.CloseTensors(yourParameter, referenceParameter, 1e-5,
                    $"parameter '{name}' after step {step} (zero the gradients, forward, cross-entropy, Backward, optimizer Step)");
            }
        }
        return steps;
    }

    [TaskCheck("4.3", "confusion-matrix counts")]
    public static int ConfusionCounts(Func<int[], int[], int, int[,]> confusionCounts)
    {
        var random = new Generator(seed: 43);
        (int[] Truth, int[] Predicted, int Classes)[] cases =
        [
            ([0, 1, 1], [0, 1, 0], 2),
            ([2, 2, 0, 1, 2], [2, 0, 0, 1, 1], 3),
            (Enumerable.Range(0, 200).Select(_ => random.NextInt(10)).ToArray(), Enumerable.Range(0, 200).Select(_ => random.NextInt(10)).ToArray(), 10),
        ];
        foreach (var (truth, predicted, classes) in cases)
        {
            var expected = new ConfusionMatrix(classes, truth, predicted).Counts;
            var actual = confusionCounts((int[])truth.Clone(), (int[])predicted.Clone(), classes);
            Expect.Equal($"{actual.GetLength(0)}×{actual.GetLength(1)}", $"{classes}×{classes}", $"the size of the matrix for {classes} classes");
            for (var t = 0; t < classes; t++)
            {
                for (var p = 0; p < classes; p++)
                {
                    Expect.Equal(actual[t, p], expected[t, p], $"counts[{t}, {p}] (true class {t} predicted as {p}) for {truth.Length} examples");
                }
            }
        }
        return cases.Length;
    }

    private static Sequential TinyModel()
    {
        var init = new Generator(seed: 44);
        return new Sequential(new Linear(4, 5, init), new ReLU(), new Linear(5, 3, init));
    }
}

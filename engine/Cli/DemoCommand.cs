using System.ComponentModel;
using System.Diagnostics;
using DeepLearning.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeepLearning.Cli;

/// <summary>
/// The engine end to end on a toy problem: a 2-16-16-1 tanh MLP, written with raw tensors, learns to
/// separate the two moons by gradient descent on a max-margin loss.
/// </summary>
internal sealed class DemoCommand : Command<DemoCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--steps <N>")]
        [Description("Gradient-descent steps (default 500).")]
        public int Steps { get; init; } = 500;

        [CommandOption("--lr <X>")]
        [Description("Learning rate (default 0.5).")]
        public float LearningRate { get; init; } = 0.5f;

        [CommandOption("--seed <N>")]
        [Description("Seed for the data and the initial weights (default 0).")]
        public ulong Seed { get; init; }

        public override ValidationResult Validate() =>
            Steps <= 0 ? ValidationResult.Error("--steps must be a positive integer")
            : LearningRate <= 0 || !float.IsFinite(LearningRate) ? ValidationResult.Error("--lr must be a positive number")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var generator = new Generator(settings.Seed);
        var (points, labels) = ToyDatasets.TwoMoons(200, noise: 0.1f, generator);
        var (testPoints, testLabels) = ToyDatasets.TwoMoons(1000, noise: 0.1f, generator);
        // Targets ±1 for the margin loss: class 1 → +1, class 0 → -1.
        var targets = Tensor.FromArray(labels.Select(label => label == 1 ? 1f : -1f).ToArray(), labels.Length, 1);
        Tensor[] parameters =
        [
            (Tensor.Randn([2, 16], generator) * MathF.Sqrt(1f / 2)).RequireGrad(),
            Tensor.Zeros(16).RequireGrad(),
            (Tensor.Randn([16, 16], generator) * MathF.Sqrt(1f / 16)).RequireGrad(),
            Tensor.Zeros(16).RequireGrad(),
            (Tensor.Randn([16, 1], generator) * MathF.Sqrt(1f / 16)).RequireGrad(),
            Tensor.Zeros(1).RequireGrad(),
        ];

        AnsiConsole.MarkupLine($"[bold]Two moons[/]: 200 training points, a 2-16-16-1 tanh MLP, {settings.Steps} steps of gradient descent (lr {settings.LearningRate})");
        var table = new Table().AddColumns("step", "loss", "accuracy");
        var clock = Stopwatch.StartNew();
        var accuracy = 0f;
        for (var step = 1; step <= settings.Steps; step++)
        {
            var scores = Forward(points, parameters);
            // Max-margin loss: mean over points of max(0, 1 - t·score).
            var loss = (1f - targets * scores).Relu().Mean();
            foreach (var parameter in parameters)
            {
                parameter.ZeroGrad();
            }
            loss.Backward();
            foreach (var parameter in parameters)
            {
                parameter.AddInPlace(parameter.Grad!, -settings.LearningRate);
            }
            if (step == 1 || step % (settings.Steps / 10 == 0 ? 1 : settings.Steps / 10) == 0)
            {
                accuracy = Accuracy(scores, labels);
                table.AddRow($"{step}", $"{loss.Item():F4}", $"{accuracy:P1}");
            }
        }
        AnsiConsole.Write(table);
        Tensor testScores;
        using (Autograd.NoGrad())
        {
            testScores = Forward(testPoints, parameters);
        }
        AnsiConsole.MarkupLine($"Training accuracy {accuracy:P1}; held-out accuracy on 1000 new points [green]{Accuracy(testScores, testLabels):P1}[/] ({clock.Elapsed.TotalSeconds:F1} s).");
        return 0;
    }

    private static Tensor Forward(Tensor x, Tensor[] p)
    {
        var hidden1 = (x.MatMul(p[0]) + p[1]).Tanh();
        var hidden2 = (hidden1.MatMul(p[2]) + p[3]).Tanh();
        return hidden2.MatMul(p[4]) + p[5];
    }

    private static float Accuracy(Tensor scores, int[] labels)
    {
        var values = scores.ToArray();
        return (float)labels.Where((label, i) => (values[i] > 0 ? 1 : 0) == label).Count() / labels.Length;
    }
}

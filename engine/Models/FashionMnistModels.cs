using DeepLearning.NN;

namespace DeepLearning.Models;

/// <summary>The two networks the course trains on Fashion-MNIST (input (N, 1, 28, 28), 10 classes).</summary>
public static class FashionMnistModels
{
    public static IReadOnlyList<string> Names { get; } = ["mlp", "cnn"];

    /// <summary>A multi-layer perceptron 784-256-128-10 with ReLU.</summary>
    public static Sequential Mlp(Generator generator) => new(
        new Flatten(),
        new Linear(28 * 28, 256, generator), new ReLU(),
        new Linear(256, 128, generator), new ReLU(),
        new Linear(128, 10, generator));

    /// <summary>
    /// Two convolution blocks (3×3 convolutions with 32 and 64 channels, each followed by ReLU and 2×2 max
    /// pooling: 28×28 → 14×14 → 7×7), then a 128-unit hidden layer.
    /// </summary>
    public static Sequential Cnn(Generator generator) => new(
        new Conv2d(1, 32, 3, generator, padding: 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3, generator, padding: 1), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(64 * 7 * 7, 128, generator), new ReLU(),
        new Linear(128, 10, generator));

    /// <summary>The model called <paramref name="name"/> ("mlp" or "cnn").</summary>
    public static Sequential Create(string name, Generator generator) => name switch
    {
        "mlp" => Mlp(generator),
        "cnn" => Cnn(generator),
        _ => throw new ArgumentException($"unknown model '{name}'; choose one of: {string.Join(", ", Names)}"),
    };
}

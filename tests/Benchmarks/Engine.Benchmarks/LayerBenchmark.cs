using System.Diagnostics;
using DeepLearning.Backends;
using DeepLearning.Models;
using DeepLearning.NN;
using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace DeepLearning.Benchmarks;

/// <summary>One layer of the CNN timed alone: forward, and backward from a given upstream gradient.</summary>
/// <param name="Framework">engine or libtorch.</param>
/// <param name="Index">The layer's position in the model, from 0.</param>
/// <param name="Layer">What the layer is.</param>
/// <param name="ForwardMs">The fastest forward on one batch, in milliseconds.</param>
/// <param name="BackwardMs">The fastest backward on one batch, in milliseconds.</param>
/// <param name="ForwardGflop">Floating-point operations of the forward on one batch, in 10⁹ (2 per multiply-add; 0 for the layers without products).</param>
/// <param name="BackwardGflop">The same for the backward: dW (and dx, except for the first layer, whose input needs no gradient).</param>
internal sealed record LayerTiming(string Framework, int Index, string Layer, double ForwardMs, double BackwardMs, double ForwardGflop, double BackwardGflop);

/// <summary>
/// The CNN of <c>FashionMnistModels</c> taken apart: each layer gets the previous layer's output on one batch of
/// 128 (random pixels; the time of these layers does not depend on the values), and its forward and its backward
/// are each timed alone, the fastest of several runs, for the engine (fast CPU backend) and for libtorch, both
/// on the same number of threads. Gradients are dropped before every run, so no run adds into an earlier one's.
/// </summary>
internal static class LayerBenchmark
{
    public const int Batch = 128;

    /// <summary>Multiply-adds of the CNN a training image (forward, then backward), as the per-layer rows count them.</summary>
    public static double FlopPerImage(IEnumerable<LayerTiming> engineRows) =>
        engineRows.Sum(row => (row.ForwardGflop + row.BackwardGflop) * 1e9) / Batch;

    public static List<LayerTiming> Run(int threads)
    {
        var rows = EngineLayers(threads);
        rows.AddRange(TorchLayers(threads));
        return rows;
    }

    private static List<LayerTiming> EngineLayers(int threads)
    {
        using var backend = Device.Cpu.UseBackend(new FastCpuBackend(threads));
        var generator = new Generator(0);
        var layers = FashionMnistModels.Cnn(generator).Layers;
        var input = DeepLearning.Tensor.Randn([Batch, 1, 28, 28], generator);
        var rows = new List<LayerTiming>();
        var inputs = new List<DeepLearning.Tensor>();
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            inputs.Add(input);
            var (row, output) = TimeEngineModule("engine", index, layer, layer.ToString()!, input, inputNeedsGradient: index > 0, generator);
            var (forwardFlop, backwardFlop) = Flop(layer, input.Shape, output.Shape, inputNeedsGradient: index > 0);
            rows.Add(row with { ForwardGflop = forwardFlop / 1e9, BackwardGflop = backwardFlop / 1e9 });
            input = output;
        }
        // Each convolution block as training runs it: Sequential fuses Conv2d → ReLU → MaxPool2d into one op.
        foreach (var first in new[] { 0, 3 })
        {
            var block = new Sequential(layers[first], layers[first + 1], layers[first + 2]);
            var (row, _) = TimeEngineModule("engine-fused", first, block, $"{layers[first]} → ReLU → MaxPool2d, fused", inputs[first], first > 0, generator);
            rows.Add(row with { ForwardGflop = rows[first].ForwardGflop, BackwardGflop = rows[first].BackwardGflop });
        }
        return rows;
    }

    /// <summary>Times one module's forward and backward on <paramref name="input"/>; returns the row (no GFLOP yet) and its output.</summary>
    private static (LayerTiming Row, DeepLearning.Tensor Output) TimeEngineModule(
        string framework, int index, Module module, string name, DeepLearning.Tensor input, bool inputNeedsGradient, Generator generator)
    {
        var x = input.Detach();
        x.RequiresGrad = inputNeedsGradient;
        var output = module.Forward(x);
        var upstream = DeepLearning.Tensor.Randn(output.Shape, generator);
        var forward = Timing.Best(() => module.Forward(x), budgetSeconds: 0.5);
        var backward = Timing.Best(() =>
        {
            module.ZeroGrad();
            x.ZeroGrad();
            var y = module.Forward(x);
            var clock = Stopwatch.StartNew();
            y.Backward(upstream);
            return clock.Elapsed.TotalSeconds;
        }, budgetSeconds: 0.5, minimumRuns: 3);
        return (new LayerTiming(framework, index, name, forward * 1e3, backward * 1e3, 0, 0), output.Detach());
    }

    private static List<LayerTiming> TorchLayers(int threads)
    {
        set_num_threads(threads);
        manual_seed(0);
        var layers = TorchTraining.CnnLayers();
        var input = randn(Batch, 1, 28, 28);
        var rows = new List<LayerTiming>();
        for (var index = 0; index < layers.Length; index++)
        {
            var layer = layers[index];
            var x = input.detach().requires_grad_(index > 0);
            using var output = layer.call(x);
            var upstream = randn(output.shape);
            var forward = Timing.Best(() =>
            {
                using var scope = NewDisposeScope();
                layer.call(x);
            }, budgetSeconds: 0.5);
            var backward = Timing.Best(() =>
            {
                using var scope = NewDisposeScope();
                layer.zero_grad();
                x.grad?.Dispose();
                x.grad = null;
                var y = layer.call(x);
                var clock = Stopwatch.StartNew();
                y.backward([upstream]);
                return clock.Elapsed.TotalSeconds;
            }, budgetSeconds: 0.5, minimumRuns: 3);
            rows.Add(new LayerTiming("libtorch", index, layer.GetType().Name, forward * 1e3, backward * 1e3, 0, 0));
            input = output.detach();
        }
        return rows;
    }

    /// <summary>
    /// Floating-point operations of a layer on one batch, 2 per multiply-add. A convolution does N·O·(C·kh·kw)·outH·outW
    /// multiply-adds forward; its backward does as many for dW and as many again for dx. A linear layer: N·in·out.
    /// </summary>
    private static (double Forward, double Backward) Flop(Module layer, int[] inputShape, int[] outputShape, bool inputNeedsGradient)
    {
        double forward = layer switch
        {
            Conv2d conv => 2.0 * outputShape[0] * conv.OutChannels * conv.InChannels * conv.KernelSize * conv.KernelSize * outputShape[2] * outputShape[3],
            Linear linear => 2.0 * inputShape[0] * linear.Weight.Size(0) * linear.Weight.Size(1),
            _ => 0,
        };
        return (forward, forward * (inputNeedsGradient ? 2 : 1));
    }
}

using DeepLearning.Backends;
using DeepLearning.NN;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// <see cref="Tensor.Conv2dRelu"/> and <see cref="Tensor.Conv2dReluMaxPool2d"/>, a convolution, its ReLU and a max
/// pooling as one op, against the separate ops one after the other: the same outputs and the same gradients on every
/// backend (the fast CPU backend fuses them; the others run the separate ops), and <see cref="Sequential"/> fusing
/// exactly the Conv2d → ReLU (→ MaxPool2d) runs of layers.
/// </summary>
public class ConvolutionReluFusionTests
{
    public enum BackendChoice { Reference, FastCpuOneThread, FastCpuTwoThreads }

    private static IBackend Pick(BackendChoice backend) => backend switch
    {
        BackendChoice.Reference => Backend.Reference,
        BackendChoice.FastCpuOneThread => new FastCpuBackend(1),
        _ => new FastCpuBackend(2),
    };

    /// <remarks>
    /// Output channel 0 has a zero weight and a zero bias, so its outputs are exactly 0 (ReLU's boundary: no
    /// gradient passes), and one pixel is NaN (ReLU lets NaN through, and its gradient too). Five images, so that two
    /// threads get runs of different lengths. Pooling: none, 2×2 windows (with 10×8 and 10×18 outputs the 4- and
    /// 8-window vector loops, with the others windows that leave rows or columns out) and 3×3 windows with stride 2, which overlap, so that windows
    /// share winners and their gradients add up.
    /// </remarks>
    [Test]
    public void FusedOpGivesTheResultsOfTheSeparateOps(
        [Values] BackendChoice backend,
        [Values(1, 2)] int stride,
        [Values(0, 1)] int padding,
        [Values] bool withBias,
        [Values] bool imagesNeedGradient,
        [Values(0, 2, 3)] int poolKernel,
        [Values(8, 18)] int width)
    {
        var images = Tensor.Randn([5, 3, 10, width], new Generator(31)).ToArray();
        images[100] = float.NaN;
        var weight = Tensor.Randn([4, 3, 3, 3], new Generator(32)).ToArray();
        Array.Clear(weight, 0, 27);
        var bias = Tensor.Randn([4], new Generator(33)).ToArray();
        bias[0] = 0;

        (float[] Output, float[]? ImagesGrad, float[] WeightGrad, float[]? BiasGrad, string Op) Run(bool fused)
        {
            using var _ = Device.Cpu.UseBackend(Pick(backend));
            var x = Tensor.FromArray(images, 5, 3, 10, width);
            x.RequiresGrad = imagesNeedGradient;
            var w = Tensor.FromArray(weight, 4, 3, 3, 3).RequireGrad();
            var b = withBias ? Tensor.FromArray(bias, 4).RequireGrad() : null;
            var y = (fused, poolKernel) switch
            {
                (true, 0) => x.Conv2dRelu(w, b, stride, padding),
                (true, _) => x.Conv2dReluMaxPool2d(w, b, stride, padding, poolKernel, poolStride: 2),
                (false, 0) => x.Conv2d(w, b, stride, padding).Relu(),
                (false, _) => x.Conv2d(w, b, stride, padding).Relu().MaxPool2d(poolKernel, 2),
            };
            y.Backward(Tensor.Randn(y.Shape, new Generator(34)));
            return (y.ToArray(), x.Grad?.ToArray(), w.Grad!.ToArray(), b?.Grad!.ToArray(), y.GradFn!.OpName);
        }

        var (separate, fused) = (Run(fused: false), Run(fused: true));

        Assert.That(fused.Output, Is.EqualTo(separate.Output));
        Assert.That(fused.Output.Count(v => v == 0), Is.GreaterThan(0), "the zero channel reaches ReLU's boundary");
        Assert.That(fused.Output.Count(float.IsNaN), Is.GreaterThan(0), "the NaN pixel goes through");
        Assert.That(fused.ImagesGrad, Is.EqualTo(separate.ImagesGrad));
        Assert.That(fused.WeightGrad, Is.EqualTo(separate.WeightGrad));
        Assert.That(fused.BiasGrad, Is.EqualTo(separate.BiasGrad));
        var fusedOp = poolKernel == 0 ? "conv2d_relu" : "conv2d_relu_max_pool2d";
        Assert.That(fused.Op, Is.EqualTo(backend == BackendChoice.Reference ? separate.Op : fusedOp),
            "the fast CPU backend fuses; the reference backend runs the separate ops");
    }

    [Test]
    public void AFusedPoolingThatDoesNotFitNamesThePoolingAndTheRealShape()
    {
        using var _ = Device.Cpu.UseBackend(new FastCpuBackend(2));
        var x = Tensor.Randn([7, 2, 5, 5], new Generator(37));
        var w = Tensor.Randn([3, 2, 3, 3], new Generator(38));

        var error = Assert.Throws<ArgumentException>(() => x.Conv2dReluMaxPool2d(w, null, 1, 0, poolKernel: 4, poolStride: 4));

        Assert.That(error!.Message, Does.Contain("max_pool2d").And.Contain("(7,3,3,3)"));
    }

    [Test]
    public void SequentialFusesEachConvolutionFollowedByRelu([Values] BackendChoice backend)
    {
        using var _ = Device.Cpu.UseBackend(Pick(backend));
        var generator = new Generator(35);
        // Fused: layers 0-2 (convolution, ReLU, pooling) and 3-4 (convolution, ReLU). Not fused: the ReLU at 8 (a tanh comes before it).
        var model = new Sequential(
            new Conv2d(2, 4, 3, generator, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(4, 4, 3, generator, padding: 1), new ReLU(), new Flatten(),
            new Linear(4 * 4 * 4, 6, generator), new Tanh(), new ReLU());
        var x = Tensor.Randn([3, 2, 8, 8], new Generator(36));

        (float[] Output, float[][] Gradients) Run(Func<Tensor, Tensor> forward)
        {
            model.ZeroGrad();
            var y = forward(x);
            (y * y).Sum().Backward();
            return (y.ToArray(), model.Parameters().Select(p => p.Grad!.ToArray()).ToArray());
        }

        var layerByLayer = Run(input => model.Layers.Aggregate(input, (h, layer) => layer.Forward(h)));
        var sequential = Run(model.Forward);

        Assert.That(sequential.Output, Is.EqualTo(layerByLayer.Output));
        Assert.That(sequential.Gradients, Is.EqualTo(layerByLayer.Gradients));
        var ops = OpsOfTheGraph(model.Forward(x));
        if (backend == BackendChoice.Reference)
        {
            // No fused op there: each convolution is im2col and a product (Conv2dByIm2Col), then its ReLU.
            Assert.That(ops, Has.No.Member("conv2d_relu"));
            Assert.That(ops.Count(op => op == "relu"), Is.EqualTo(3));
        }
        else
        {
            Assert.That(ops.Count(op => op == "conv2d_relu_max_pool2d"), Is.EqualTo(1));
            Assert.That(ops.Count(op => op == "conv2d_relu"), Is.EqualTo(1));
            Assert.That(ops, Has.No.Member("max_pool2d"));
            Assert.That(ops.Count(op => op == "relu"), Is.EqualTo(1), "only the ReLU after the tanh runs as an op of its own");
        }
    }

    /// <summary>The op name of every node of the graph that produced <paramref name="output"/>.</summary>
    private static List<string> OpsOfTheGraph(Tensor output)
    {
        var (ops, seen, pending) = (new List<string>(), new HashSet<Tensor>(ReferenceEqualityComparer.Instance), new Stack<Tensor>([output]));
        while (pending.TryPop(out var node))
        {
            if (node.GradFn is null || !seen.Add(node))
            {
                continue;
            }
            ops.Add(node.GradFn.OpName);
            foreach (var input in node.GradFn.Inputs)
            {
                pending.Push(input);
            }
        }
        return ops;
    }
}

using DeepLearning.Backends;

namespace DeepLearning.Tests.Backends;

/// <summary>
/// The fast backend against the reference on tensors big enough to reach the paths the small gradient checks
/// never do: runs longer than one piece (16 384 elements), work split across threads, strided and
/// broadcast runs that are gathered into scratch, and reductions over every kind of axis set.
/// </summary>
public class FastBackendAgreementTests
{
    private static readonly IBackend Fast = new FastCpuBackend(threads: 3);

    /// <summary>Layouts of a (300, 700) tensor: row-major, transposed view, every other column, broadcast row.</summary>
    public enum BigLayout { RowMajor, Transposed, EveryOtherColumn, BroadcastRow }

    [Test]
    public void UnaryOpsAgree([Values] BigLayout layout)
    {
        var x = Make(layout, seed: 1);
        foreach (var (name, op) in new (string, Func<Tensor, Tensor>)[]
        {
            ("relu", t => t.Relu()), ("exp", t => t.Exp()), ("tanh", t => t.Tanh()), ("sigmoid", t => t.Sigmoid()),
            ("neg", t => -t), ("abs", t => t.Abs()), ("pow 3", t => t.Pow(3)), ("contiguous", t => t.Contiguous()),
        })
        {
            AssertAgree(name, () => op(x));
        }
    }

    [Test]
    public void BinaryOpsAgreeUnderBroadcasting([Values] BigLayout layout)
    {
        var x = Make(layout, seed: 2);
        var column = Tensor.Randn([300, 1], new Generator(3));
        var row = Tensor.Randn([700], new Generator(4)).Abs() + 0.5f;
        AssertAgree("x + column", () => x + column);
        AssertAgree("row * x", () => row * x);
        AssertAgree("x / row", () => x / row);
        AssertAgree("column - x", () => column - x);
        AssertAgree("x * x", () => x * x);
    }

    [Test]
    public void ReductionsAgreeOverEveryAxisSet([Values] BigLayout layout)
    {
        var x = Make(layout, seed: 5);
        foreach (var axes in new int[]?[] { null, [0], [1], [-1, 0] })
        {
            AssertAgree($"sum {Describe(axes)}", () => x.Sum(axes), tolerance: 1e-3);
            AssertAgree($"max {Describe(axes)}", () => x.Max(axes));
        }
        var images = Tensor.Randn([16, 8, 12, 12], new Generator(6));
        AssertAgree("sum over (N, H, W)", () => images.Sum([0, 2, 3]), tolerance: 1e-3);
    }

    /// <remarks>
    /// The image sizes give 2×2 pooling rows of 16 windows (two 8-window steps), 14 (the CNN's first pooling: an
    /// 8-window step and an overlapping one), 11, 7 (the CNN's second pooling: a 4-window step and an overlapping
    /// one), exactly 4, 4 with a column left over (the windows do not tile the image), and 3 (too short for the
    /// vector loops).
    /// </remarks>
    [Test]
    public void MaxPoolingAgreesIncludingTiesAndNaNs([Values(2, 3)] int kernel, [Values(32, 28, 22, 14, 8, 9, 6)] int width)
    {
        // Values on a coarse grid so that windows tie, after relu so that many are 0, and a few NaNs.
        var images = (Tensor.Randn([8, 6, 30, width], new Generator(11)) * 2f).Relu();
        var values = images.ToArray().Select((v, i) => i % 97 == 0 ? float.NaN : MathF.Round(v)).ToArray();
        var input = Tensor.FromArray(values, 8, 6, 30, width);
        (float[] Output, float[] Gradient) Run(IBackend backend)
        {
            using var _ = Device.Cpu.UseBackend(backend);
            var x = input.Detach().RequireGrad();
            var y = x.MaxPool2d(kernel, 2);
            y.Backward(Tensor.Arange(y.ElementCount).Reshape(y.Shape));
            return (y.ToArray(), x.Grad!.ToArray());
        }

        var (expected, actual) = (Run(Backend.Reference), Run(Fast));

        Assert.That(actual.Output, Is.EqualTo(expected.Output));
        Assert.That(actual.Gradient, Is.EqualTo(expected.Gradient), "the gradient goes to the same winner of each window");
    }

    /// <remarks>
    /// 300,007 elements: above the size from which the fast backend splits the update between threads, and a length
    /// that is no multiple of the vector width or of the thread count. Three steps of Adam with L2 weight decay and of
    /// AdamW, on gradients that change between steps.
    /// </remarks>
    [Test]
    public void AdamStepsAgreeBitForBit([Values] bool decoupledWeightDecay)
    {
        const int count = 300_007;
        float[] Train(IBackend backend)
        {
            using var _ = Device.Cpu.UseBackend(backend);
            var parameter = Tensor.Randn([count], new Generator(12)).RequireGrad();
            Optim.Optimizer optimizer = decoupledWeightDecay
                ? new Optim.AdamW([parameter], 0.01f, weightDecay: 0.1f)
                : new Optim.Adam([parameter], 0.01f, weightDecay: 0.1f);
            for (var step = 0; step < 3; step++)
            {
                optimizer.ZeroGrad();
                (parameter * Tensor.Randn([count], new Generator(13 + (ulong)step))).Sum().Backward();
                optimizer.Step();
            }
            return parameter.ToArray();
        }

        Assert.That(Train(Fast), Is.EqualTo(Train(Backend.Reference)));
    }

    [Test]
    public void GradientsOfATinyNetworkAgree()
    {
        // Big enough for threads, with the broadcast bias and the transposed weight of a Linear layer.
        var x = Tensor.Randn([200, 300], new Generator(7));
        var w = Tensor.Randn([150, 300], new Generator(8));
        var b = Tensor.Randn([150], new Generator(9));
        float[][] Gradients(IBackend backend)
        {
            using var _ = Device.Cpu.UseBackend(backend);
            var (wl, bl) = (w.Detach().RequireGrad(), b.Detach().RequireGrad());
            ((x.MatMul(wl.T) + bl).Relu() * 0.1f).Tanh().Sum().Backward();
            return [wl.Grad!.ToArray(), bl.Grad!.ToArray()];
        }

        var expected = Gradients(Backend.Reference);
        var actual = Gradients(Fast);

        Assert.That(actual[0], Is.EqualTo(expected[0]).Within(1e-3));
        Assert.That(actual[1], Is.EqualTo(expected[1]).Within(1e-3));
    }

    private static Tensor Make(BigLayout layout, ulong seed)
    {
        var generator = new Generator(seed);
        return layout switch
        {
            BigLayout.RowMajor => Tensor.Randn([300, 700], generator),
            BigLayout.Transposed => Tensor.Randn([700, 300], generator).T,
            BigLayout.EveryOtherColumn => Tensor.Randn([300, 1400], generator).Slice(1, 0, 1400, step: 2),
            BigLayout.BroadcastRow => Tensor.Randn([1, 700], generator).Expand(300, 700),
            _ => throw new ArgumentOutOfRangeException(nameof(layout)),
        };
    }

    private static void AssertAgree(string what, Func<Tensor> op, double tolerance = 1e-5)
    {
        float[] Run(IBackend backend)
        {
            using var _ = Device.Cpu.UseBackend(backend);
            return op().ToArray();
        }

        var (expected, actual) = (Run(Backend.Reference), Run(Fast));
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        // Relative to the size of the value, with an absolute floor for values near 0.
        var worst = Enumerable.Range(0, expected.Length)
            .Select(i => Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i])))
            .Max();
        Assert.That(worst, Is.LessThanOrEqualTo(tolerance), what);
    }

    private static string Describe(int[]? axes) => axes is null ? "all" : Shapes.Format(axes);
}

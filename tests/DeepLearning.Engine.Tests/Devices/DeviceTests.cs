using DeepLearning.NN;
using DeepLearning.Optim;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.Devices;

/// <summary>
/// Tensors on a device: explicit moves, counted transfers, ops that stay where their operands are, clear errors
/// for operands on two devices and for host access to device memory.
/// </summary>
public class DeviceTests
{
    private static Device Gpu => AcceleratorDevice.Instance;

    [Test]
    public void ToMovesTheValuesThereAndBackWithOneCountedTransferEachWay()
    {
        var host = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);
        var (up, down) = (Gpu.Transfers.ToDevice, Gpu.Transfers.ToHost);

        var onDevice = host.To(Gpu);
        var back = onDevice.To(Device.Cpu);

        Assert.That(onDevice.Device, Is.SameAs(Gpu));
        Assert.That(back.Device, Is.SameAs(Device.Cpu));
        Assert.That(back.ToArray(), Is.EqualTo(host.ToArray()));
        Assert.That(Gpu.Transfers.ToDevice - up, Is.EqualTo(1));
        Assert.That(Gpu.Transfers.ToHost - down, Is.EqualTo(1));
        Assert.That(onDevice.To(Gpu), Is.SameAs(onDevice), "a tensor already there is not copied");
    }

    [Test]
    public void OpsOnDeviceTensorsStayOnTheDeviceAndMoveNothing()
    {
        var a = Tensor.FromArray([1f, -2, 3, -4, 5, -6], 2, 3).To(Gpu);
        var b = Tensor.FromArray([0.5f, 1, 2], 3).To(Gpu);
        var (up, down) = (Gpu.Transfers.ToDevice, Gpu.Transfers.ToHost);

        var result = ((a * b).Relu().Sum(0) + 1f).Exp().Log();

        Assert.That(result.Device, Is.SameAs(Gpu));
        Assert.That(Gpu.Transfers.ToDevice, Is.EqualTo(up));
        Assert.That(Gpu.Transfers.ToHost, Is.EqualTo(down));
        // relu(a·b) = [[0.5, 0, 6], [0, 5, 0]]; summed over rows [0.5, 5, 6]; +1, exp, log gives it back.
        Assert.That(result.ToArray(), Is.EqualTo(new[] { 1.5f, 6f, 7f }).Within(1e-5f));
    }

    [Test]
    public void OperandsOnTwoDevicesAreAnErrorThatNamesBoth()
    {
        var onDevice = Tensor.Ones(2, 2).To(Gpu);
        var onHost = Tensor.Ones(2, 2);

        Assert.That(() => onDevice + onHost, Throws.InvalidOperationException.With.Message.EqualTo(
            $"add: operands are on different devices ({Gpu.Name} and cpu); move one with To(device) first"));
        Assert.That(() => onHost.MatMul(onDevice), Throws.InvalidOperationException.With.Message.StartsWith(
            $"matmul: operands are on different devices (cpu and {Gpu.Name})"));
    }

    [Test]
    public void HostSpansOfDeviceMemoryAreRefusedButValuesCanBeRead()
    {
        var x = Tensor.FromArray([1f, 2, 3, 4], 2, 2).To(Gpu);

        Assert.That(() => x.AsSpan().Length, Throws.InvalidOperationException.With.Message.StartsWith($"as_span: this tensor lives on {Gpu.Name}"));
        Assert.That(x[1, 0], Is.EqualTo(3f));
        x[1, 0] = 30f;
        Assert.That(x.ToArray(), Is.EqualTo(new[] { 1f, 2, 30, 4 }));
        Assert.That(x.Sum().Item(), Is.EqualTo(37f));
    }

    [Test]
    public void PrintingNamesTheDeviceAsPyTorchDoes() =>
        Assert.That(Tensor.FromArray([1f, 2]).To(Gpu).ToString(), Is.EqualTo($"tensor([1., 2.], device='{Gpu.Name}')"));

    [Test]
    public void GradientsFlowBackThroughAMove()
    {
        var x = Tensor.FromArray([1f, 2, 3]).RequireGrad();

        (x.To(Gpu) * x.To(Gpu)).Sum().Backward();

        Assert.That(x.Grad!.Device, Is.SameAs(Device.Cpu));
        Assert.That(x.Grad.ToArray(), Is.EqualTo(new[] { 2f, 4, 6 }));
    }

    [Test]
    public void ModuleToMovesParametersAndBuffersInPlace()
    {
        var model = new Sequential(new Linear(4, 3, new Generator(1)), new BatchNorm1d(3), new ReLU());
        var weight = model.Parameters().First();
        var before = weight.ToArray();

        model.To(Gpu);

        Assert.That(model.Device, Is.SameAs(Gpu));
        Assert.That(model.StateDict().Select(named => named.Tensor.Device), Is.All.SameAs(Gpu));
        Assert.That(model.Parameters().First(), Is.SameAs(weight), "the layers keep the same tensor objects");
        Assert.That(weight.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void AnOptimizerMadeBeforeTheModelMovedSaysSo()
    {
        var model = new Linear(2, 1, new Generator(2));
        var optimizer = new Adam(model.Parameters());
        model.To(Gpu);
        Losses.MeanSquaredError(model.Forward(Tensor.Ones(3, 2).To(Gpu)), Tensor.Zeros(3, 1).To(Gpu)).Backward();

        Assert.That(optimizer.Step, Throws.InvalidOperationException.With.Message.Contains("make the optimizer after moving the model"));
    }

    /// <summary>
    /// A few training steps of the same MLP, from the same seed and batches, on the fast CPU backend and on the
    /// GPU backend: the losses agree within 1e-5 (float32 sums in a different order differ by a few ulps a step).
    /// </summary>
    [TestCase("adam")]
    [TestCase("sgd")]
    public void MlpTrainingStepsMatchTheCpuBackend(string optimizerName)
    {
        var cpuLosses = TrainSteps(Device.Cpu, optimizerName);
        var gpuLosses = TrainSteps(Gpu, optimizerName);

        Assert.That(gpuLosses, Is.EqualTo(cpuLosses).Within(1e-5));
        Assert.That(cpuLosses[^1], Is.LessThan(cpuLosses[0]), "the steps train: the loss goes down");
    }

    private static double[] TrainSteps(Device device, string optimizerName)
    {
        var generator = new Generator(7);
        var model = new Sequential(new Linear(20, 16, generator), new ReLU(), new Linear(16, 5, generator));
        model.To(device);
        Optimizer optimizer = optimizerName == "adam"
            ? new Adam(model.Parameters(), 1e-2f, weightDecay: 1e-3f)
            : new Sgd(model.Parameters(), 0.1f, momentum: 0.9f, nesterov: true, weightDecay: 1e-3f);
        var inputs = Tensor.Randn([32, 20], new Generator(8));
        var labels = Enumerable.Range(0, 32).Select(i => i * 7 % 5).ToArray();
        var losses = new double[6];
        for (var step = 0; step < losses.Length; step++)
        {
            optimizer.ZeroGrad();
            var loss = Losses.CrossEntropy(model.Forward(inputs.To(device)), labels);
            loss.Backward();
            GradientClipping.ClipGradNorm(model.Parameters(), 1f);
            optimizer.Step();
            losses[step] = loss.Item();
        }
        return losses;
    }
}

using DeepLearning.Backends;
using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>The device side of the backend: storage, copies and their counts, operands from elsewhere, memory reuse.</summary>
public sealed class GpuDeviceTests
{
    [Test]
    public void The_cpu_accelerator_is_named_and_described()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TestDevice.Name, Is.EqualTo("cpu-accelerator"));
            Assert.That(TestDevice.IsCpu, Is.False);
            Assert.That(TestDevice.Describe(), Does.StartWith("CPU"));
            Assert.That(TestDevice.Backend.Name, Is.EqualTo("gpu"));
        });
    }

    [Test]
    public void Values_survive_a_round_trip_and_each_copy_counts_once()
    {
        var values = Views.Values(1000, new Random(80));
        var (toDevice, toHost) = (TestDevice.Transfers.ToDevice, TestDevice.Transfers.ToHost);
        var (toDeviceBytes, toHostBytes) = (TestDevice.Transfers.ToDeviceBytes, TestDevice.Transfers.ToHostBytes);

        var storage = ToDevice(values);
        var part = new float[10];
        TestDevice.CopyToHost(storage, 990, part);

        Assert.Multiple(() =>
        {
            Assert.That(part, Is.EqualTo(values[990..]));
            Assert.That(TestDevice.Transfers.ToDevice - toDevice, Is.EqualTo(1));
            Assert.That(TestDevice.Transfers.ToHost - toHost, Is.EqualTo(1));
            Assert.That(TestDevice.Transfers.ToDeviceBytes - toDeviceBytes, Is.EqualTo(4000));
            Assert.That(TestDevice.Transfers.ToHostBytes - toHostBytes, Is.EqualTo(40));
        });
    }

    [Test]
    public void Empty_storage_is_legal()
    {
        var storage = ToDevice([]);

        Assert.That(ToHost(storage), Is.Empty);
    }

    [Test]
    public void A_host_array_as_an_operand_is_an_error_that_says_what_to_do()
    {
        var host = StridedView.RowMajor(new float[4], [4]);
        var onDevice = StridedView.RowMajor(ToDevice(new float[4]), [4]);

        Assert.That(() => GpuLoops.Zip<AddFunction>(onDevice, host, onDevice),
            Throws.InvalidOperationException.With.Message.EqualTo(
                "gpu backend (cpu-accelerator): an operand of zip is not on this device; move it with Tensor.To(device)"));
    }

    [Test]
    public void The_buffer_of_a_collected_tensor_is_reused()
    {
        AllocateAndDrop(10_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = TestDevice.PooledBytes;

        AllocateAndDrop(10_000);

        Assert.That(TestDevice.PooledBytes, Is.EqualTo(before));
    }

    [Test]
    public void A_function_the_device_cannot_compile_is_a_clear_error_and_the_device_goes_on()
    {
        var x = StridedView.RowMajor(ToDevice([1, 2, 3]), [3]);

        Assert.That(() => GpuLoops.Map<Throwing>(x, x),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("MapKernels.MapContiguous<Throwing> does not compile"));
        GpuLoops.Zip<AddFunction>(x, x, x);
        Assert.That(ToHost(x.Storage), Is.EqualTo(new[] { 2f, 4f, 6f }));
    }

    private static void AllocateAndDrop(int count) => TestDevice.NewStorage(count);

    /// <summary>A function with a throw in it: no GPU compiler takes one.</summary>
    private readonly struct Throwing : IUnaryFunction
    {
        public static float Apply(float x) => x >= 0 ? x : throw new ArgumentOutOfRangeException(nameof(x));

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => ScalarLoops.Map<Throwing>(x, y);
    }

    private readonly struct AddFunction : IBinaryFunction
    {
        public static float Apply(float a, float b) => a + b;

        public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => ScalarLoops.Zip<AddFunction>(a, b, y);

        public static void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => ScalarLoops.Zip<AddFunction>(a, b, y);

        public static void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => ScalarLoops.Zip<AddFunction>(a, b, y);
    }
}

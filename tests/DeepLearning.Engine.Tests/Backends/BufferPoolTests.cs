using DeepLearning.Backends;

namespace DeepLearning.Tests.Backends;

/// <summary>
/// The buffer pool and the backward pass that returns finished gradients to it: with tensors big enough to
/// be pooled (the gradient checks' small tensors never are), recycling must never hand out storage that a
/// live tensor still reads.
/// </summary>
public class BufferPoolTests
{
    private const int Big = BufferPool.MinimumLength * 2;

    [Test]
    public void AnArrayTheOutsideWorldOwnsIsNeverTakenIn()
    {
        var mine = new float[Big];
        using (var rentals = BufferPool.RecordRentals())
        {
            rentals.Return(mine);
        }

        Assert.That(Enumerable.Range(0, 4).Select(_ => BufferPool.Rent(Big)), Has.None.SameAs(mine));
    }

    [Test]
    public void AnArrayRentedBeforeTheRecordOpenedIsNeverTakenIn()
    {
        var forward = BufferPool.Rent(Big + 3); // as a forward tensor's storage, rented before backward starts
        using (var rentals = BufferPool.RecordRentals())
        {
            rentals.Return(forward);
        }

        Assert.That(Enumerable.Range(0, 4).Select(_ => BufferPool.Rent(Big + 3)), Has.None.SameAs(forward));
    }

    [Test]
    public void ReturningTwiceDoesNotHandTheArrayToTwoRenters()
    {
        using (var rentals = BufferPool.RecordRentals())
        {
            var array = BufferPool.Rent(Big + 1);
            rentals.Return(array);
            rentals.Return(array);
        }

        var first = BufferPool.Rent(Big + 1);
        var second = BufferPool.Rent(Big + 1);

        Assert.That(second, Is.Not.SameAs(first));
    }

    [Test]
    public void AReturnedArrayIsHandedOutAgain()
    {
        float[] array;
        using (var rentals = BufferPool.RecordRentals())
        {
            array = BufferPool.Rent(Big + 2);
            rentals.Return(array);
        }

        Assert.That(BufferPool.Rent(Big + 2), Is.SameAs(array), "the pool did not reuse a returned array");
    }

    [Test]
    public void BackwardTwiceOnTheSameGraphGivesTwiceTheGradient([Values] bool fast)
    {
        using var _ = Device.Cpu.UseBackend(fast ? Backend.FastCpu : Backend.Reference);
        var (w, x) = (Tensor.Randn([96, 128], new Generator(1)).RequireGrad(), Tensor.Randn([128, 80], new Generator(2)));
        // Shared paths (h used three times), a view (reshape), a broadcast (sum's backward expands).
        var h = w.MatMul(x).Relu();
        var loss = (h * h + h).Sum() + h.Reshape(-1).Sum() * 0.5f;

        loss.Backward();
        var once = w.Grad!.ToArray();
        var forward = h.ToArray();
        loss.Backward();

        Assert.That(h.ToArray(), Is.EqualTo(forward), "a forward tensor was recycled");
        Assert.That(w.Grad!.ToArray(), Is.EqualTo(once.Select(g => 2 * g)).Within(1e-4).Percent);
    }

    [Test]
    public void GradientsKeptByLeavesSurviveLaterSteps()
    {
        var w = Tensor.Randn([64, 300], new Generator(3)).RequireGrad();
        var x = Tensor.Randn([300, 50], new Generator(4));
        (w.MatMul(x).Tanh() * 3f).Sum().Backward();
        var kept = w.Grad!;
        var values = kept.ToArray();

        // More steps, each recycling its gradients: none may land in the array w.Grad held.
        for (var step = 0; step < 3; step++)
        {
            var other = Tensor.Randn([64, 300], new Generator(10 + (ulong)step)).RequireGrad();
            (other.MatMul(x).Tanh() * 3f).Sum().Backward();
        }

        Assert.That(kept.ToArray(), Is.EqualTo(values));
    }

    [Test]
    public void TheCallersGradientIsNeverRecycled()
    {
        var x = Tensor.Randn([100, 100], new Generator(5)).RequireGrad();
        var seed = Tensor.Randn([100, 100], new Generator(6)) * 1f; // an op result: pooled storage
        var expected = seed.ToArray();

        (x * 2f).Reshape(100, 100).Backward(seed);
        _ = Enumerable.Range(0, 4).Select(_ => Tensor.Randn([100, 100], new Generator(7)) * 1f).ToList();

        Assert.That(seed.ToArray(), Is.EqualTo(expected));
    }
}

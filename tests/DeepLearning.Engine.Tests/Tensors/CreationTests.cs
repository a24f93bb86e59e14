namespace DeepLearning.Tests.Tensors;

/// <summary>The ways to make a tensor: constant fills, ranges, arrays, and random samples.</summary>
public class CreationTests
{
    [Test]
    public void ZerosOnesAndFullFillEveryElement()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.Zeros(2, 3).ToArray(), Is.EqualTo(new float[6]));
            Assert.That(Tensor.Ones(2, 3).ToArray(), Is.All.EqualTo(1f));
            Assert.That(Tensor.Full([3, 1], 2.5f).ToArray(), Is.EqualTo(new[] { 2.5f, 2.5f, 2.5f }));
            Assert.That(Tensor.Ones(2, 3).Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(Tensor.Zeros(2, 3).Strides, Is.EqualTo(new[] { 3, 1 }));
        }
    }

    [Test]
    public void ZerosWithNoAxesIsAScalar()
    {
        var scalar = Tensor.Zeros();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(scalar.Rank, Is.Zero);
            Assert.That(scalar.ElementCount, Is.EqualTo(1));
            Assert.That(Tensor.Scalar(4.5f).Item(), Is.EqualTo(4.5f));
        }
    }

    [Test]
    public void LikeCopiesTheShapeNotTheValues()
    {
        var template = Tensor.Arange(6).Reshape(2, 3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.ZerosLike(template).Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(Tensor.OnesLike(template).ToArray(), Is.All.EqualTo(1f));
        }
    }

    [Test]
    public void ArangeExcludesTheEndAsTorchArange()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.Arange(5).ToArray(), Is.EqualTo(new[] { 0f, 1f, 2f, 3f, 4f }));
            Assert.That(Tensor.Arange(1, 2, 0.25f).ToArray(), Is.EqualTo(new[] { 1f, 1.25f, 1.5f, 1.75f }));
            Assert.That(Tensor.Arange(5, 0, -2).ToArray(), Is.EqualTo(new[] { 5f, 3f, 1f }));
            // Partial last step: ceil((end - start) / step) elements.
            Assert.That(Tensor.Arange(0, 1, 0.3f).ElementCount, Is.EqualTo(4));
            Assert.That(Tensor.Arange(3, 3).Shape, Is.EqualTo(new[] { 0 }));
            // A step pointing away from end gives nothing, not a negative size.
            Assert.That(Tensor.Arange(0, 5, -1).Shape, Is.EqualTo(new[] { 0 }));
        }
    }

    [Test]
    public void FromArrayCopiesTheData()
    {
        var data = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        var t = Tensor.FromArray(data, 2, 3);
        data[0] = 100f;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(t[0, 0], Is.EqualTo(1f));
            Assert.That(t[1, 2], Is.EqualTo(6f));
            Assert.That(Tensor.FromArray(7f, 8f).Shape, Is.EqualTo(new[] { 2 }));
        }
    }

    [Test]
    public void FromTwoDimensionalArrayReadsRowByRow()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(t.Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(t.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f, 4f, 5f, 6f }));
            Assert.That(t[1, 0], Is.EqualTo(4f));
        }
    }

    [Test]
    public void RandIsUniformOnZeroToOne()
    {
        var samples = Tensor.Rand([20_000], new Generator(3)).ToArray();
        var mean = samples.Average();
        var variance = samples.Select(v => (v - mean) * (v - mean)).Average();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Min(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(samples.Max(), Is.LessThan(1f));
            Assert.That(mean, Is.EqualTo(0.5).Within(0.01));
            // Uniform on [0,1) has variance 1/12.
            Assert.That(variance, Is.EqualTo(1.0 / 12).Within(0.003));
        }
    }

    [Test]
    public void RandnHasMeanZeroAndStandardDeviationOne()
    {
        var samples = Tensor.Randn([100_000], new Generator(11)).ToArray().Select(v => (double)v).ToArray();
        var mean = samples.Average();
        var std = Math.Sqrt(samples.Select(v => (v - mean) * (v - mean)).Average());
        var withinOneStd = samples.Count(v => Math.Abs(v) < 1) / (double)samples.Length;
        using (Assert.EnterMultipleScope())
        {
            // The standard error of the mean of 100,000 samples is 0.003; these bounds are over 3 of them.
            Assert.That(mean, Is.EqualTo(0).Within(0.01));
            Assert.That(std, Is.EqualTo(1).Within(0.01));
            // 68.27% of a normal lies within one standard deviation.
            Assert.That(withinOneStd, Is.EqualTo(0.6827).Within(0.01));
        }
    }

    [Test]
    public void RandomTensorsHaveTheRequestedShape()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tensor.Rand(2, 3).Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(Tensor.Randn(4, 1, 2).Shape, Is.EqualTo(new[] { 4, 1, 2 }));
        }
    }

    [Test]
    public void SameSeedGivesTheSameTensor()
    {
        var first = Tensor.Randn([50], new Generator(42)).ToArray();
        var second = Tensor.Randn([50], new Generator(42)).ToArray();
        var other = Tensor.Randn([50], new Generator(43)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        }
    }

    [Test]
    public void ManualSeedMakesTheDefaultGeneratorReproducible()
    {
        Generator.ManualSeed(123);
        var first = Tensor.Rand(10).ToArray();
        var next = Tensor.Rand(10).ToArray();
        Generator.ManualSeed(123);
        var again = Tensor.Rand(10).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(next, Is.Not.EqualTo(first));
        }
    }
}

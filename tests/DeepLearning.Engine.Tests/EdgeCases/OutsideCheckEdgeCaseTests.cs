using System.Text;
using DeepLearning.Backends;
using DeepLearning.NN;
using DeepLearning.Serialization;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.EdgeCases;

/// <summary>
/// The seven defects an outside comparison with PyTorch found, each pinned at PyTorch's answer (values from
/// PyTorch 1.13 by hand: torch.relu, torch.argmax, F.leaky_relu, F.binary_cross_entropy_with_logits,
/// torch.logsumexp) or at a clear error, on every backend.
/// </summary>
[OnEveryBackend]
public sealed class OutsideCheckEdgeCaseTests(IBackend backend) : BackendFixture(backend)
{
    [Test]
    public void Im2col_of_an_image_no_taller_than_the_padding_is_all_padding()
    {
        // Stride 1, a 3x3 kernel, padding 1 ("same"), a 1x1 image: only the centre tap reads the pixel.
        var columns = Tensor.FromArray([5f], 1, 1, 1, 1).Im2Col(3, 3, 1, 1);

        Assert.That(columns.Shape, Is.EqualTo(new[] { 1, 9, 1 }));
        Assert.That(columns.ToArray(), Is.EqualTo(new[] { 0f, 0, 0, 0, 5, 0, 0, 0, 0 }));
    }

    [Test]
    public void Same_padding_convolution_and_pooling_on_one_row_images_match_the_reference_backend()
    {
        // The same seeds give the same weights and images on every backend and device.
        var (output, gradient) = ConvolveOneRowImages();
        float[] expectedOutput, expectedGradient;
        using (Device.UseDefault(Device.Cpu))
        using (Device.Cpu.UseBackend(Backend.Reference))
        {
            (expectedOutput, expectedGradient) = ConvolveOneRowImages();
        }

        Assert.That(output, Is.EqualTo(expectedOutput).Within(1e-5f));
        Assert.That(gradient, Is.EqualTo(expectedGradient).Within(1e-5f));

        var pooled = new AvgPool2d(3, 1, 1).Forward(Tensor.FromArray([1f, 2, 3, 4], 1, 1, 1, 4));
        // Each window holds the row's three neighbours and six zeros of padding, divided by 9 (count_include_pad).
        Assert.That(pooled.ToArray(), Is.EqualTo(new[] { 3f / 9, 6f / 9, 9f / 9, 7f / 9 }).Within(1e-6f));
    }

    private static (float[] Output, float[] InputGradient) ConvolveOneRowImages()
    {
        var conv = new Conv2d(1, 4, 3, new Generator(1), padding: 1);
        var images = Tensor.Randn([8, 1, 1, 28], new Generator(2)).RequireGrad();
        var output = conv.Forward(images);
        (output * output).Sum().Backward();
        return (output.ToArray(), images.Grad!.ToArray());
    }

    [TestCase(65536, 65537)]
    [TestCase(65536, 65536)]
    [TestCase(46341, 46341)]
    public void A_shape_with_more_elements_than_a_tensor_holds_is_refused_by_name(int rows, int columns)
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Ones(rows, columns))!;

        Assert.That(error.Message, Does.StartWith($"ones: shape ({rows},{columns}) has "));
        Assert.That(error.Message, Does.Contain("more than one tensor can hold"));
    }

    [Test]
    public void Reshape_compares_element_counts_without_wrapping_around()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(0).Reshape(65536, 65536, 2))!;

        Assert.That(error.Message, Is.EqualTo("reshape: cannot reshape (0) (0 elements) into (65536,65536,2) (8589934592 elements)"));
        Assert.That(Tensor.Zeros(0).Reshape(65536, 0, 65536).Shape, Is.EqualTo(new[] { 65536, 0, 65536 }));
    }

    [Test]
    public void Broadcasting_to_a_shape_too_large_for_a_tensor_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = Tensor.Ones(65536, 1) + Tensor.Ones(65537))!;

        Assert.That(error.Message, Does.StartWith("add: shape (65536,65537) has 4,295,032,832 elements"));
    }

    [Test]
    public void Binary_cross_entropy_with_logits_has_the_gradient_sigmoid_minus_target_at_zero()
    {
        var logits = Tensor.Zeros(2).RequireGrad();

        var loss = Losses.BinaryCrossEntropyWithLogits(logits, Tensor.FromArray(1f, 0f));
        loss.Backward();

        Assert.That(loss.Item(), Is.EqualTo(MathF.Log(2)).Within(1e-6f));
        Assert.That(logits.Grad!.ToArray(), Is.EqualTo(new[] { -0.25f, 0.25f }).Within(1e-7f));
    }

    [Test]
    public void Binary_cross_entropy_with_logits_stays_finite_and_exact_for_large_logits()
    {
        var logits = Tensor.FromArray(100f, -100f, 30f).RequireGrad();

        var loss = Losses.BinaryCrossEntropyWithLogits(logits, Tensor.FromArray(0f, 1f, 1f));
        loss.Backward();

        // softplus(100) - 0 = 100; softplus(-100) + 100 = 100; softplus(30) - 30 ≈ e^-30; mean 200/3.
        Assert.That(loss.Item(), Is.EqualTo(200f / 3).Within(1e-4f));
        Assert.That(logits.Grad!.ToArray(), Is.EqualTo(new[] { 1f / 3, -1f / 3, 0f }).Within(1e-6f));
    }

    [Test]
    public void Relu_and_leaky_relu_let_nan_through()
    {
        Assert.That(Tensor.FromArray(float.NaN, 1f, -2f).Relu().ToArray(), Is.EqualTo(new[] { float.NaN, 1f, 0f }));
        Assert.That(Functional.LeakyRelu(Tensor.FromArray(float.NaN, 1f, -2f), 0.1f).ToArray(),
            Is.EqualTo(new[] { float.NaN, 1f, -0.2f }).Within(1e-7f));
    }

    [Test]
    public void Relu_lets_nan_through_on_vectorised_runs_too()
    {
        var values = Enumerable.Range(0, 37).Select(i => i % 5 == 0 ? float.NaN : i % 2 == 0 ? i : -i).ToArray();

        var relu = Tensor.FromArray(values).Relu().ToArray();

        Assert.That(relu, Is.EqualTo(values.Select(v => float.IsNaN(v) ? v : Math.Max(v, 0))));
    }

    [Test]
    public void Argmax_picks_the_first_nan_as_max_gives_nan()
    {
        Assert.That(Tensor.FromArray(1f, float.NaN, 3f).ArgMax(0).Item(), Is.EqualTo(1));
        Assert.That(Tensor.FromArray(1f, float.NaN, 3f).Max().Item(), Is.NaN);
        Assert.That(Tensor.FromArray(float.NaN, 5f, float.NaN).ArgMax(0).Item(), Is.EqualTo(0));
        Assert.That(Tensor.FromArray(2f, 7f, 7f, float.NegativeInfinity).ArgMax(0).Item(), Is.EqualTo(1));
        // Along rows of 40 (more than a warp of lanes on the GPU backend): the NaN sits at column 35.
        var rows = Tensor.Arange(80).Reshape(2, 40).Contiguous().ToArray();
        rows[35] = float.NaN;
        Assert.That(Tensor.FromArray(rows, 2, 40).ArgMax(1).ToArray(), Is.EqualTo(new[] { 35f, 39f }));
    }

    [TestCase(0f)]
    [TestCase(-0f)]
    public void Leaky_relu_has_the_negative_slope_as_its_gradient_at_zero(float zero)
    {
        var x = Tensor.FromArray(zero, 2f, -3f).RequireGrad();

        Functional.LeakyRelu(x, 0.1f).Sum().Backward();

        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 0.1f, 1f, 0.1f }).Within(1e-7f));
    }

    [Test]
    public void Logsumexp_over_an_empty_axis_is_minus_infinity()
    {
        var result = Tensor.Zeros(3, 0).LogSumExp(1);

        Assert.That(result.Shape, Is.EqualTo(new[] { 3 }));
        Assert.That(result.ToArray(), Is.All.EqualTo(float.NegativeInfinity));
        Assert.That(Tensor.Zeros(3, 0).LogSumExp(1, keepDims: true).Shape, Is.EqualTo(new[] { 3, 1 }));
        Assert.That(Tensor.Zeros(0, 3).LogSumExp(1).Shape, Is.EqualTo(new[] { 0 }));
        Assert.That(Tensor.Zeros(0).LogSumExp().Item(), Is.EqualTo(float.NegativeInfinity));
    }
}

/// <summary>A safetensors header that is not UTF-8 is refused with the file and the byte offset (defect 4).</summary>
public sealed class SafetensorsUtf8Tests
{
    [Test]
    public void A_header_with_invalid_utf8_names_the_file_and_the_byte_offset()
    {
        // {"\xff":{...}}: the 0xFF sits at header byte 2, so at byte offset 10 of the file.
        var header = Encoding.ASCII.GetBytes("{\"?\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}  ");
        header[2] = 0xFF;
        var path = Path.Combine(Path.GetTempPath(), $"invalid-utf8-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var file = File.Create(path))
            {
                file.Write(BitConverter.GetBytes((ulong)header.Length));
                file.Write(header);
                file.Write(new byte[4]);
            }

            var error = Assert.Throws<InvalidDataException>(() => Safetensors.Read(path))!;

            Assert.That(error.Message, Is.EqualTo($"{path}: the header is not valid UTF-8: byte 0xFF at byte offset 10 starts no well-formed character"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

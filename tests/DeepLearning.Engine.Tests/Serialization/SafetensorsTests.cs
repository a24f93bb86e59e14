using System.Text;
using DeepLearning.Serialization;
using DeepLearning.Tests.Data;

namespace DeepLearning.Tests.Serialization;

/// <summary>
/// Checkpoints round-trip, their bytes follow the safetensors specification to the byte, a failed save
/// leaves the previous checkpoint intact, and corrupt files are refused with the file, tensor and offset.
/// </summary>
public class SafetensorsTests
{
    private TemporaryFolder _folder = null!;
    private string _path = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = new TemporaryFolder();
        _path = _folder.File("model.safetensors");
    }

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static KeyValuePair<string, Tensor> Named(string name, Tensor tensor) => new(name, tensor);

    /// <summary>A file made of a header given as text, its length prefix, and raw data bytes.</summary>
    private void WriteRaw(string header, params byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(_path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. data]);
    }

    private string? LoadError() => Assert.Throws<InvalidDataException>(() => Safetensors.Load(_path))?.Message;

    [Test]
    public void RoundTripsTensorsInOrderWithMetadata()
    {
        var weight = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var bias = Tensor.FromArray(0.5f, -0.25f);
        var scale = Tensor.Scalar(3);
        Safetensors.Save(_path, [Named("layer.weight", weight), Named("layer.bias", bias), Named("scale", scale)],
            new Dictionary<string, string> { ["epoch"] = "3" });

        var checkpoint = Safetensors.Read(_path);

        Assert.That(checkpoint.Tensors.Keys, Is.EqualTo(new[] { "layer.weight", "layer.bias", "scale" }));
        Assert.That(checkpoint.Tensors["layer.weight"].Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(checkpoint.Tensors["layer.weight"].ToArray(), Is.EqualTo(weight.ToArray()));
        Assert.That(checkpoint.Tensors["layer.bias"].ToArray(), Is.EqualTo(bias.ToArray()));
        Assert.That(checkpoint.Tensors["scale"].Shape, Is.Empty);
        Assert.That(checkpoint.Tensors["scale"].Item(), Is.EqualTo(3f));
        Assert.That(checkpoint.Metadata, Is.EqualTo(new Dictionary<string, string> { ["epoch"] = "3" }));
    }

    [Test]
    public void WritesTheBytesOfTheSpecification()
    {
        Safetensors.Save(_path, [Named("w", Tensor.FromArray(1f, -2f))]);

        // The header is 54 bytes of JSON, padded with 2 spaces to 56, a multiple of 8; 56 as u64 little-endian
        // leads. Then 1.0f = 0x3F800000 and -2.0f = 0xC0000000, each little-endian.
        const string header = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""" + "  ";
        byte[] expected = [56, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(header), 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0];
        Assert.That(File.ReadAllBytes(_path), Is.EqualTo(expected));
    }

    [Test]
    public void WritesTheMetadataFirstAsTheReferenceDoes()
    {
        Safetensors.Save(_path, [Named("w", Tensor.FromArray(1f))], new Dictionary<string, string> { ["format"] = "pt" });

        // 85 bytes of JSON and 3 spaces make 88, a multiple of 8.
        var bytes = File.ReadAllBytes(_path);
        Assert.That(BitConverter.ToUInt64(bytes, 0), Is.EqualTo(88UL));
        Assert.That(Encoding.UTF8.GetString(bytes, 8, 88),
            Is.EqualTo("""{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""" + "   "));
    }

    [Test]
    public void SavesAViewInRowMajorOrder()
    {
        // A transposed view of [[1,2,3],[4,5,6]]: strides (1,3), so its elements are not contiguous in storage.
        var transposed = new Tensor([1, 2, 3, 4, 5, 6], [3, 2], [1, 3], 0);
        Safetensors.Save(_path, [Named("t", transposed)]);

        var loaded = Safetensors.Load(_path)["t"];

        Assert.That(loaded.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(loaded.ToArray(), Is.EqualTo(new float[] { 1, 4, 2, 5, 3, 6 }));
    }

    [Test]
    public void AnInterruptedSaveLeavesThePreviousCheckpointIntact()
    {
        Safetensors.Save(_path, [Named("w", Tensor.FromArray(1f, 2f))]);
        var before = File.ReadAllBytes(_path);

        IEnumerable<KeyValuePair<string, Tensor>> FailingMidway()
        {
            yield return Named("w", Tensor.FromArray(7f, 8f));
            throw new IOException("simulated crash while gathering the tensors");
        }

        Assert.That(() => Safetensors.Save(_path, FailingMidway()), Throws.TypeOf<IOException>());
        Assert.That(File.ReadAllBytes(_path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_folder.Path), Is.EqualTo(new[] { _path }), "no temporary file is left behind");
    }

    [Test]
    public void RefusesDuplicateAndReservedNames()
    {
        Assert.That(() => Safetensors.Save(_path, [Named("w", Tensor.FromArray(1f)), Named("w", Tensor.FromArray(2f))]),
            Throws.ArgumentException.With.Message.EqualTo($"{_path}: the tensor name \"w\" is given twice"));
        Assert.That(() => Safetensors.Save(_path, [Named("__metadata__", Tensor.FromArray(1f))]),
            Throws.ArgumentException.With.Message.Contains("cannot name a tensor"));
        Assert.That(File.Exists(_path), Is.False);
    }

    [Test]
    public void RejectsAFileTooShortForTheLength()
    {
        File.WriteAllBytes(_path, [1, 2, 3, 4]);

        Assert.That(LoadError(), Is.EqualTo(
            $"{_path}: too short for a safetensors file: expected an 8-byte header length at byte offset 0, but the file ends at byte offset 4"));
    }

    [Test]
    public void RejectsAHeaderLengthPastTheEndOfTheFile()
    {
        File.WriteAllBytes(_path, [.. BitConverter.GetBytes(1000UL), .. new byte[16]]);

        Assert.That(LoadError(), Is.EqualTo(
            $"{_path}: bad header length 1000 at byte offset 0: the header would end at byte offset 1008, but the file ends at byte offset 24"));
    }

    [Test]
    public void RejectsMalformedJson()
    {
        WriteRaw("""{"w":{"dtype":"F32",,}}   """);

        Assert.That(LoadError(), Does.StartWith($"{_path}: the header (bytes 8 to 34) is not well-formed JSON near byte offset 28: "));
    }

    [Test]
    public void RejectsDtypesOtherThanF32()
    {
        WriteRaw("""{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}  """, 0, 0, 0, 0);

        Assert.That(LoadError(), Is.EqualTo($"{_path}: tensor \"w\": dtype \"F16\" is not supported: this engine reads F32 only"));
    }

    [Test]
    public void RejectsAShapeThatDoesNotMatchItsBytes()
    {
        WriteRaw("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}  """, new byte[8]);

        Assert.That(LoadError(), Is.EqualTo(
            $"{_path}: tensor \"w\": shape (3) of F32 needs 12 bytes, but data_offsets [0,8] span 8 (from byte offset 64)"));
    }

    [Test]
    public void RejectsOverlappingTensors()
    {
        // Padded to 112 bytes, so the data section starts at byte offset 8 + 112 = 120.
        WriteRaw("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""".PadRight(112),
            new byte[8]);

        Assert.That(LoadError(), Is.EqualTo(
            $"{_path}: tensor \"b\": data_offsets [4,8] overlaps tensor \"a\" (data_offsets [0,8]): expected its data to start at " +
            "byte offset 128, found byte offset 124"));
    }

    [Test]
    public void RejectsAGapBetweenTensors()
    {
        WriteRaw("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""".PadRight(112),
            new byte[12]);

        Assert.That(LoadError(), Is.EqualTo(
            $"{_path}: tensor \"b\": data_offsets [8,12] leaves a gap of 4 bytes after tensor \"a\" (data_offsets [0,4]): " +
            "expected its data to start at byte offset 124, found byte offset 128"));
    }

    [Test]
    public void RejectsTruncatedData()
    {
        Safetensors.Save(_path, [Named("w", Tensor.FromArray(1f, -2f))]);
        var bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes[..^4]);

        Assert.That(LoadError(), Is.EqualTo(
            $"{_path}: the data should end with tensor \"w\" at byte offset 72, but the file ends at byte offset 68 (truncated)"));
    }

    [Test]
    public void RejectsExtraBytesAfterTheData()
    {
        Safetensors.Save(_path, [Named("w", Tensor.FromArray(1f, -2f))]);
        File.AppendAllText(_path, "junk");

        Assert.That(LoadError(), Is.EqualTo(
            $"{_path}: the data should end with tensor \"w\" at byte offset 72, but the file ends at byte offset 76 (extra bytes)"));
    }

    [Test]
    public void RejectsMetadataThatIsNotAllStrings()
    {
        WriteRaw("""{"__metadata__":{"epoch":3}}    """);

        Assert.That(LoadError(), Is.EqualTo($"{_path}: __metadata__ must map names to strings, but \"epoch\" is a Number"));
    }
}

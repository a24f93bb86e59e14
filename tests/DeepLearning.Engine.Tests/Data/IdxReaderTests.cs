using System.IO.Compression;
using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

/// <summary>
/// IDX files round-trip through <see cref="IdxWriter"/> and <see cref="IdxReader"/>, raw or gzip, and every
/// malformed file is refused with a message naming the file, the byte offset and what was expected.
/// </summary>
public class IdxReaderTests
{
    private TemporaryFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static IdxFile SmallImages() => new([3, 2, 2], Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray());

    /// <summary>The raw bytes of a header: 00 00 type rank, then big-endian dimensions.</summary>
    private static byte[] Header(byte type, params int[] dimensions)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dimensions.Length };
        foreach (var dimension in dimensions)
        {
            bytes.AddRange(BitConverter.GetBytes(dimension).Reverse());
        }
        return bytes.ToArray();
    }

    private string WriteBytes(string name, params byte[][] parts)
    {
        var path = _folder.File(name);
        File.WriteAllBytes(path, parts.SelectMany(part => part).ToArray());
        return path;
    }

    private static Exception? ReadError(string path) => Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

    [TestCase(false)]
    [TestCase(true)]
    public void RoundTrips(bool gzip)
    {
        var path = _folder.File("images.idx");
        IdxWriter.Write(path, SmallImages(), gzip);

        var read = IdxReader.Read(path);

        Assert.That(read.Dimensions, Is.EqualTo(new[] { 3, 2, 2 }));
        Assert.That(read.Data, Is.EqualTo(SmallImages().Data));
        Assert.That(read.Count, Is.EqualTo(3));
    }

    [Test]
    public void WritesTheLayoutOfTheFormat()
    {
        var path = _folder.File("labels");
        IdxWriter.Write(path, new IdxFile([2], [7, 9]), gzip: false);

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 7, 9 }));
    }

    [Test]
    public void RecognisesGzipByItsMagicBytesNotItsName()
    {
        var gzipWithoutExtension = _folder.File("compressed.idx");
        var rawWithGzExtension = _folder.File("raw.gz");
        IdxWriter.Write(gzipWithoutExtension, SmallImages(), gzip: true);
        IdxWriter.Write(rawWithGzExtension, SmallImages(), gzip: false);

        Assert.That(File.ReadAllBytes(gzipWithoutExtension)[..2], Is.EqualTo(new byte[] { 0x1F, 0x8B }));
        Assert.That(IdxReader.Read(gzipWithoutExtension).Data, Is.EqualTo(SmallImages().Data));
        Assert.That(IdxReader.Read(rawWithGzExtension).Data, Is.EqualTo(SmallImages().Data));
    }

    [Test]
    public void RejectsTruncatedData()
    {
        var path = WriteBytes("train-images-idx3-ubyte", Header(8, 2, 3), [1, 2, 3, 4]);

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: truncated data: the header (dimensions 2x3) promises 6 bytes starting at byte offset 12, " +
            "but the file ends at byte offset 16"));
    }

    [Test]
    public void CountsOffsetsOfAGzipFileInTheDecompressedData()
    {
        var path = _folder.File("truncated.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write([.. Header(8, 2, 3), 1, 2, 3, 4]);
        }

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: truncated data: the header (dimensions 2x3) promises 6 bytes starting at byte offset 12, " +
            "but the decompressed data ends at byte offset 16 (gzip file: offsets count decompressed bytes)"));
    }

    [Test]
    public void RejectsAFileThatIsNotIdx()
    {
        var path = WriteBytes("images.zip", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: bad magic number at byte offset 0: expected 00 00 08 0N, found 50 4B 03 04"));
    }

    [Test]
    public void RejectsAFileTooShortForTheMagicNumber()
    {
        var path = WriteBytes("stub", [0, 0]);

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: truncated header: expected the 4-byte magic number 00 00 08 0N at byte offset 0, but the file ends at byte offset 2"));
    }

    [Test]
    public void RejectsTypesOtherThanUnsignedByte()
    {
        var path = WriteBytes("floats", Header(0x0D, 1), [0, 0, 0, 0]);

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: unsupported data type 0x0D (float32) at byte offset 2: expected 0x08 (unsigned byte), the only type this reader supports"));
    }

    [TestCase(0)]
    [TestCase(5)]
    public void RejectsARankOutsideOneToFour(int rank)
    {
        var path = WriteBytes("rank", [0, 0, 8, (byte)rank]);

        Assert.That(ReadError(path)?.Message, Is.EqualTo($"{path}: bad rank {rank} at byte offset 3: expected 1 to 4 dimensions"));
    }

    [Test]
    public void RejectsAHeaderCutInsideTheDimensions()
    {
        var path = WriteBytes("cut", Header(8, 5, 28)[..10]);

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: truncated header: rank 2 needs 8 bytes of big-endian int32 dimensions at byte offset 4, but the file ends at byte offset 10"));
    }

    [Test]
    public void RejectsAZeroDimension()
    {
        var path = WriteBytes("empty", Header(8, 3, 0));

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: bad dimension 1 (of 2) at byte offset 8: expected a positive size, found 0"));
    }

    [Test]
    public void RejectsDimensionsTooLargeForAnArray()
    {
        var path = WriteBytes("huge", Header(8, 65536, 65536));

        Assert.That(ReadError(path)?.Message, Does.StartWith(
            $"{path}: dimensions 65536x65536 at byte offset 4 promise more bytes than the largest array holds"));
    }

    [Test]
    public void RejectsExtraBytesAfterTheData()
    {
        var path = WriteBytes("long", Header(8, 2, 3), [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        Assert.That(ReadError(path)?.Message, Is.EqualTo(
            $"{path}: wrong length: the header (dimensions 2x3) promises 6 bytes starting at byte offset 12, so the file should end " +
            "at byte offset 18, but it goes on to byte offset 21 (3 extra bytes)"));
    }

    [Test]
    public void NamesTheFileWhenTheGzipStreamIsCorrupt()
    {
        var path = WriteBytes("broken.gz", [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.That(ReadError(path)?.Message, Does.StartWith($"{path}: corrupt gzip data after 0 decompressed bytes: "));
    }

    [Test]
    public void WriterRefusesDataThatDoesNotFillTheDimensions() =>
        Assert.That(() => IdxWriter.Write(_folder.File("bad"), new IdxFile([2, 2], [1, 2, 3]), gzip: false),
            Throws.ArgumentException.With.Message.EqualTo("idx write: dimensions 2x2 hold 4 bytes, but 3 data bytes were given"));
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepLearning.Data;

/// <summary>
/// Writes IDX files of unsigned bytes (see <see cref="IdxFile"/> for the layout), raw or gzip: the
/// tests make small files with it, and engine/MakeEmbeddedSubset the engine's embedded Fashion-MNIST subset.
/// </summary>
public static class IdxWriter
{
    /// <summary>Writes <paramref name="file"/> to <paramref name="path"/>, gzip-compressed when asked.</summary>
    public static void Write(string path, IdxFile file, bool gzip)
    {
        Validate(file);
        using var stream = File.Create(path);
        if (gzip)
        {
            // SmallestSize: these files are written once and read many times, and the embedded ones ship in the assembly.
            using var compressed = new GZipStream(stream, CompressionLevel.SmallestSize);
            Write(compressed, file);
        }
        else
        {
            Write(stream, file);
        }
    }

    /// <summary>Writes the raw (uncompressed) IDX bytes of <paramref name="file"/> to a stream.</summary>
    public static void Write(Stream stream, IdxFile file)
    {
        Validate(file);
        var header = new byte[4 + 4 * file.Dimensions.Length];
        header[2] = IdxFile.UnsignedByteType;
        header[3] = (byte)file.Dimensions.Length;
        for (var axis = 0; axis < file.Dimensions.Length; axis++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * axis, 4), file.Dimensions[axis]);
        }
        stream.Write(header);
        stream.Write(file.Data);
    }

    private static void Validate(IdxFile file)
    {
        var rank = file.Dimensions.Length;
        if (rank < 1 || rank > IdxFile.MaxRank)
        {
            throw new ArgumentException($"idx write: rank {rank} is not supported: IDX files here have 1 to {IdxFile.MaxRank} dimensions");
        }
        long product = 1;
        foreach (var dimension in file.Dimensions)
        {
            if (dimension <= 0)
            {
                throw new ArgumentException($"idx write: dimensions {file.DimensionsText} must all be positive");
            }
            // Capped so that four large dimensions cannot overflow a long; anything past the cap mismatches anyway.
            product = Math.Min(product * dimension, (long)int.MaxValue + 1);
        }
        if (product != file.Data.Length)
        {
            throw new ArgumentException(
                $"idx write: dimensions {file.DimensionsText} hold {product} bytes, but {file.Data.Length} data bytes were given");
        }
    }
}

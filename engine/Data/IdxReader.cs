using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepLearning.Data;

/// <summary>
/// Reads IDX files (see <see cref="IdxFile"/> for the layout), raw or gzip-compressed.
/// </summary>
/// <remarks>
/// Gzip is recognised by its magic bytes 1F 8B, not by the file name, so a renamed file still reads.
/// Every defect is an <see cref="InvalidDataException"/> whose message names the file, the byte offset
/// and what was expected there; in a gzip file the offsets count bytes of the decompressed data, since
/// that is where the IDX layout lives.
/// </remarks>
public static class IdxReader
{
    /// <summary>Reads an IDX file from disk, raw or gzip.</summary>
    public static IdxFile Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>
    /// Reads an IDX file from a stream, raw or gzip; <paramref name="sourceName"/> (a path or resource
    /// name) starts every error message.
    /// </summary>
    public static IdxFile Read(Stream stream, string sourceName)
    {
        var seekable = stream.CanSeek ? stream : CopyToMemory(stream);
        var start = seekable.Position;
        Span<byte> magic = stackalloc byte[2];
        var isGzip = seekable.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        seekable.Position = start;
        if (!isGzip)
        {
            return new Parser(seekable, sourceName, isGzip: false).Parse();
        }
        using var decompressed = new GZipStream(seekable, CompressionMode.Decompress, leaveOpen: true);
        return new Parser(decompressed, sourceName, isGzip: true).Parse();
    }

    private static MemoryStream CopyToMemory(Stream stream)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }

    /// <summary>One pass over the (decompressed) bytes, keeping count of the offset for messages.</summary>
    private sealed class Parser(Stream stream, string sourceName, bool isGzip)
    {
        private long _position;

        public IdxFile Parse()
        {
            var magic = new byte[4];
            var got = ReadUpTo(magic);
            if (got < magic.Length)
            {
                throw Error($"truncated header: expected the 4-byte magic number 00 00 08 0N at {Offset(0)}, " +
                            $"but the {FileWord} ends at {Offset(got)}");
            }
            if (magic[0] != 0 || magic[1] != 0)
            {
                throw Error($"bad magic number at {Offset(0)}: expected 00 00 08 0N, found {Convert.ToHexString(magic, 0, 1)} " +
                            $"{Convert.ToHexString(magic, 1, 1)} {Convert.ToHexString(magic, 2, 1)} {Convert.ToHexString(magic, 3, 1)}");
            }
            if (magic[2] != IdxFile.UnsignedByteType)
            {
                throw Error($"unsupported data type 0x{magic[2]:X2} ({TypeName(magic[2])}) at {Offset(2)}: " +
                            $"expected 0x08 (unsigned byte), the only type this reader supports");
            }
            int rank = magic[3];
            if (rank < 1 || rank > IdxFile.MaxRank)
            {
                throw Error($"bad rank {rank} at {Offset(3)}: expected 1 to {IdxFile.MaxRank} dimensions");
            }

            var dimensions = ReadDimensions(rank);
            var dataStart = _position;
            var byteCount = ByteCount(dimensions);
            var data = new byte[byteCount];
            got = ReadUpTo(data);
            if (got < byteCount)
            {
                throw Error($"truncated data: the header (dimensions {IdxFile.FormatDimensions(dimensions)}) promises {byteCount} bytes " +
                            $"starting at {Offset(dataStart)}, but the {FileWord} ends at {Offset(dataStart + got)}");
            }
            var extra = CountRemainingBytes();
            if (extra > 0)
            {
                throw Error($"wrong length: the header (dimensions {IdxFile.FormatDimensions(dimensions)}) promises {byteCount} bytes " +
                            $"starting at {Offset(dataStart)}, so the {FileWord} should end at {Offset(dataStart + byteCount)}, " +
                            $"but it goes on to {Offset(dataStart + byteCount + extra)} ({extra} extra bytes)");
            }
            return new IdxFile(dimensions, data);
        }

        private int[] ReadDimensions(int rank)
        {
            var raw = new byte[4 * rank];
            var got = ReadUpTo(raw);
            if (got < raw.Length)
            {
                throw Error($"truncated header: rank {rank} needs {raw.Length} bytes of big-endian int32 dimensions at {Offset(4)}, " +
                            $"but the {FileWord} ends at {Offset(4 + got)}");
            }
            var dimensions = new int[rank];
            for (var axis = 0; axis < rank; axis++)
            {
                dimensions[axis] = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 * axis, 4));
                if (dimensions[axis] <= 0)
                {
                    throw Error($"bad dimension {axis} (of {rank}) at {Offset(4 + 4 * axis)}: expected a positive size, found {dimensions[axis]}");
                }
            }
            return dimensions;
        }

        private int ByteCount(int[] dimensions)
        {
            // long is enough: at most 4 factors below 2^31 could overflow, so stop as soon as the limit is passed.
            long product = 1;
            foreach (var dimension in dimensions)
            {
                product *= dimension;
                if (product > Array.MaxLength)
                {
                    throw Error($"dimensions {IdxFile.FormatDimensions(dimensions)} at {Offset(4)} promise more bytes than the largest " +
                                $"array holds ({Array.MaxLength})");
                }
            }
            return (int)product;
        }

        /// <summary>Fills as much of the buffer as the stream holds; the count read tells where it ended.</summary>
        private int ReadUpTo(Span<byte> buffer)
        {
            var got = ReadInto(buffer);
            _position += got;
            return got;
        }

        /// <summary>Reads until the buffer is full or the stream ends; a broken gzip stream names the file.</summary>
        private int ReadInto(Span<byte> buffer)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                int read;
                try
                {
                    read = stream.Read(buffer[total..]);
                }
                catch (InvalidDataException e)
                {
                    throw CorruptGzip(_position + total, e);
                }
                if (read == 0)
                {
                    break;
                }
                total += read;
            }
            return total;
        }

        private long CountRemainingBytes()
        {
            var buffer = new byte[81920];
            long extra = 0;
            int read;
            while ((read = ReadInto(buffer)) > 0)
            {
                extra += read;
            }
            return extra;
        }

        private InvalidDataException CorruptGzip(long offset, InvalidDataException inner) =>
            new($"{sourceName}: corrupt gzip data after {offset} decompressed bytes: {inner.Message}", inner);

        private string FileWord => isGzip ? "decompressed data" : "file";

        private static string Offset(long offset) => $"byte offset {offset}";

        private InvalidDataException Error(string message) =>
            new($"{sourceName}: {message}" + (isGzip ? " (gzip file: offsets count decompressed bytes)" : ""));

        private static string TypeName(byte type) => type switch
        {
            0x08 => "unsigned byte",
            0x09 => "signed byte",
            0x0B => "int16",
            0x0C => "int32",
            0x0D => "float32",
            0x0E => "float64",
            _ => "not an IDX type",
        };
    }
}

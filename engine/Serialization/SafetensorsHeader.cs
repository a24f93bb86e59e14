using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DeepLearning.Serialization;

/// <summary>One tensor's entry in a safetensors header; Begin and End count bytes from the start of the data section.</summary>
internal sealed record SafetensorsEntry(string Name, int[] Shape, long Begin, long End)
{
    public int ElementCount => (int)((End - Begin) / 4);
}

/// <summary>
/// The parsed and validated header of a safetensors file (layout in <see cref="Safetensors"/>). Every
/// defect is an <see cref="InvalidDataException"/> naming the file, the tensor and the byte offset,
/// because a checkpoint that loads wrong values silently is far worse than one that refuses to load.
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>The reference implementation's limit: a larger header is taken for corruption, not read into memory.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private readonly string _path;

    private SafetensorsHeader(string path, long dataStart)
    {
        _path = path;
        DataStart = dataStart;
    }

    /// <summary>Where the data section starts in the file: 8 + the header length.</summary>
    public long DataStart { get; }

    /// <summary>The tensors, in the order of their data.</summary>
    public List<SafetensorsEntry> Entries { get; } = [];

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the length and the header, and checks that the entries tile the rest of the file exactly.</summary>
    public static SafetensorsHeader Read(Stream stream, string path)
    {
        var fileLength = stream.Length;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (fileLength < 8)
        {
            throw new InvalidDataException(
                $"{path}: too short for a safetensors file: expected an 8-byte header length at byte offset 0, but the file ends at byte offset {fileLength}");
        }
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength || 8 + (long)headerLength > fileLength)
        {
            throw new InvalidDataException(
                $"{path}: bad header length {headerLength} at byte offset 0: the header would end at byte offset {8 + (decimal)headerLength}, " +
                $"but the file ends at byte offset {fileLength}" + (headerLength > MaxHeaderLength ? $" (and the limit is {MaxHeaderLength})" : ""));
        }
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var header = new SafetensorsHeader(path, 8 + (long)headerLength);
        header.Parse(json);
        header.CheckTiling(fileLength - header.DataStart);
        return header;
    }

    private void Parse(byte[] json)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and only fails when a name is read, with no position.
        if (FirstInvalidUtf8(json) is { } invalid)
        {
            throw Error($"the header is not valid UTF-8: byte 0x{json[invalid]:X2} at byte offset {8 + invalid} starts no well-formed character");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // JSON positions count from the start of the header, which lies at byte offset 8 of the file.
            var where = e.LineNumber == 0 ? $"byte offset {8 + e.BytePositionInLine}" : $"line {e.LineNumber + 1} of the header";
            throw Error($"the header (bytes 8 to {DataStart}) is not well-formed JSON near {where}: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Error($"the header at byte offset 8 must be a JSON object, found a {document.RootElement.ValueKind}");
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw Error($"the header names \"{property.Name}\" twice");
                }
                if (property.Name == Safetensors.MetadataKey)
                {
                    ParseMetadata(property.Value);
                }
                else
                {
                    Entries.Add(ParseEntry(property.Name, property.Value));
                }
            }
        }
    }

    private void ParseMetadata(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{Safetensors.MetadataKey} must be an object of strings, found a {metadata.ValueKind}");
        }
        foreach (var item in metadata.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Error($"{Safetensors.MetadataKey} must map names to strings, but \"{item.Name}\" is a {item.Value.ValueKind}");
            }
            Metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private SafetensorsEntry ParseEntry(string name, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw Error($"tensor \"{name}\": expected an object with dtype, shape and data_offsets, found a {entry.ValueKind}");
        }
        var dtype = Field(name, entry, "dtype", JsonValueKind.String).GetString();
        if (dtype != "F32")
        {
            throw Error($"tensor \"{name}\": dtype \"{dtype}\" is not supported: this engine reads F32 only");
        }
        var shape = Field(name, entry, "shape", JsonValueKind.Array).EnumerateArray()
            .Select(size => size.TryGetInt32(out var value) && value >= 0
                ? value
                : throw Error($"tensor \"{name}\": shape {entry.GetProperty("shape")} must hold non-negative 32-bit integers"))
            .ToArray();
        var offsets = Field(name, entry, "data_offsets", JsonValueKind.Array).EnumerateArray()
            .Select(offset => offset.TryGetInt64(out var value) && value >= 0 ? value : -1)
            .ToArray();
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
        {
            throw Error($"tensor \"{name}\": data_offsets {entry.GetProperty("data_offsets")} must be [begin, end] with 0 <= begin <= end");
        }
        long elementCount = 1;
        foreach (var size in shape)
        {
            elementCount = Math.Min(elementCount * size, (long)Array.MaxLength + 1);
        }
        if (elementCount > Array.MaxLength)
        {
            throw Error($"tensor \"{name}\": shape {Shapes.Format(shape)} has more elements than an array holds ({Array.MaxLength})");
        }
        var byteCount = offsets[1] - offsets[0];
        if (elementCount * 4 != byteCount)
        {
            throw Error($"tensor \"{name}\": shape {Shapes.Format(shape)} of F32 needs {elementCount * 4} bytes, but data_offsets " +
                        $"[{offsets[0]},{offsets[1]}] span {byteCount} (from byte offset {DataStart + offsets[0]})");
        }
        return new SafetensorsEntry(name, shape, offsets[0], offsets[1]);
    }

    private JsonElement Field(string name, JsonElement entry, string field, JsonValueKind kind)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind != kind)
        {
            throw Error($"tensor \"{name}\": expected \"{field}\" to be a {kind}, found {(value.ValueKind == JsonValueKind.Undefined ? "none" : value.ToString())}");
        }
        return value;
    }

    /// <summary>
    /// Sorted by where their data begins, the tensors must follow one another with no gap and no overlap,
    /// and the last must end exactly where the file ends: then every data byte belongs to exactly one tensor.
    /// </summary>
    private void CheckTiling(long dataLength)
    {
        var sorted = Entries.OrderBy(entry => entry.Begin).ThenBy(entry => entry.End).ToList();
        Entries.Clear();
        Entries.AddRange(sorted);
        long expected = 0;
        SafetensorsEntry? previous = null;
        foreach (var entry in Entries)
        {
            if (entry.Begin != expected)
            {
                var problem = entry.Begin < expected
                    ? $"overlaps tensor \"{previous!.Name}\" (data_offsets [{previous.Begin},{previous.End}])"
                    : $"leaves a gap of {entry.Begin - expected} bytes after " +
                      (previous is null ? "the header" : $"tensor \"{previous.Name}\" (data_offsets [{previous.Begin},{previous.End}])");
                throw Error($"tensor \"{entry.Name}\": data_offsets [{entry.Begin},{entry.End}] {problem}: expected its data to start at " +
                            $"byte offset {DataStart + expected}, found byte offset {DataStart + entry.Begin}");
            }
            expected = entry.End;
            previous = entry;
        }
        if (expected != dataLength)
        {
            var last = previous is null ? "the header" : $"tensor \"{previous.Name}\"";
            throw Error($"the data should end with {last} at byte offset {DataStart + expected}, but the file ends at byte offset " +
                        $"{DataStart + dataLength} ({(expected < dataLength ? "extra bytes" : "truncated")})");
        }
    }

    /// <summary>The index of the first byte that does not start or continue a well-formed UTF-8 character, or null.</summary>
    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return i;
            }
            i += consumed;
        }
        return null;
    }

    private InvalidDataException Error(string message) => new($"{_path}: {message}");
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepLearning.Serialization;

/// <summary>
/// A checkpoint as read from disk: the tensors in the order of their data, and the optional string metadata.
/// </summary>
public sealed record SafetensorsCheckpoint(OrderedDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Saves and loads named float32 tensors in the safetensors format (Hugging Face), which PyTorch, JAX
/// and others read, so a model trained here can be inspected or reused there.
/// </summary>
/// <remarks>
/// The layout:
/// <code>
/// bytes 0..8        N, the header length: unsigned 64-bit little-endian
/// bytes 8..8+N      the header: UTF-8 JSON, padded with spaces to a multiple of 8 bytes so the data is aligned
///                   {"__metadata__":{"epoch":"3"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}, ...}
/// bytes 8+N..       the data: each tensor's elements, row-major, little-endian float32, tensor after tensor
/// </code>
/// A tensor's data_offsets [begin, end) count bytes from the start of the data section; together the
/// ranges tile it with no gap or overlap, and end - begin = 4 × (product of the shape). As in the
/// reference implementation the optional <c>__metadata__</c> (a string → string map) comes first, the
/// JSON is compact, and the padding is spaces. Only F32 is written and read: it is this engine's one dtype.
/// </remarks>
public static class Safetensors
{
    /// <summary>The key of the metadata map in the header; no tensor may have this name.</summary>
    public const string MetadataKey = "__metadata__";

    private const string Float32 = "F32";

    /// <summary>
    /// Writes the tensors, in the order given, with optional metadata. Atomic: the bytes go to a temporary
    /// file in the same directory, are flushed to disk, and only then replace <paramref name="path"/>, so a
    /// save that fails or is interrupted midway leaves any previous checkpoint at that path intact.
    /// </summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        // The tensors are enumerated inside the atomic write, so that every failure (a throwing enumeration,
        // a full disk) takes the same path: the temporary file is removed and the old checkpoint stays.
        AtomicFile.Write(path, stream =>
        {
            var entries = CollectEntries(path, tensors);
            var header = BuildHeader(entries, metadata);
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var (_, tensor) in entries)
            {
                WriteFloats(stream, tensor.ReadContiguous());
            }
        });

    /// <summary>Loads the tensors of a checkpoint, in the order of their data (for files written here, the order saved).</summary>
    public static OrderedDictionary<string, Tensor> Load(string path) => Read(path).Tensors;

    /// <summary>Loads the tensors and the metadata of a checkpoint, validating every field (see <see cref="SafetensorsHeader"/>).</summary>
    public static SafetensorsCheckpoint Read(string path)
    {
        using var stream = File.OpenRead(path);
        var header = SafetensorsHeader.Read(stream, path);
        var tensors = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in header.Entries)
        {
            var values = new float[entry.ElementCount];
            stream.Position = header.DataStart + entry.Begin;
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            stream.ReadExactly(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                ReverseEachFloat(bytes);
            }
            tensors.Add(entry.Name, new Tensor(values, entry.Shape));
        }
        return new SafetensorsCheckpoint(tensors, header.Metadata);
    }

    private static List<KeyValuePair<string, Tensor>> CollectEntries(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var entries = new List<KeyValuePair<string, Tensor>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in tensors)
        {
            if (string.IsNullOrEmpty(entry.Key) || entry.Key == MetadataKey)
            {
                throw new ArgumentException($"{path}: \"{entry.Key}\" cannot name a tensor: names are non-empty and not {MetadataKey}");
            }
            if (!names.Add(entry.Key))
            {
                throw new ArgumentException($"{path}: the tensor name \"{entry.Key}\" is given twice");
            }
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>The header bytes: compact JSON, then spaces up to a multiple of 8 bytes.</summary>
    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        // Relaxed escaping keeps names such as "layers.0.weight" or "a+b" as written, as the reference's serde_json does.
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in entries)
            {
                var end = offset + 4L * tensor.ElementCount;
                writer.WriteStartObject(name);
                writer.WriteString("dtype", Float32);
                writer.WriteStartArray("shape");
                foreach (var size in tensor.ShapeSpan)
                {
                    writer.WriteNumberValue(size);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }
            writer.WriteEndObject();
        }
        var padding = (int)((8 - json.Length % 8) % 8);
        json.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return json.ToArray();
    }

    private static void WriteFloats(Stream stream, float[] values)
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(bytes);
            return;
        }
        // The format is little-endian whatever the machine; copy before swapping, as the values may be a tensor's own storage.
        var copy = bytes.ToArray();
        ReverseEachFloat(copy);
        stream.Write(copy);
    }

    private static void ReverseEachFloat(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i += 4)
        {
            bytes.Slice(i, 4).Reverse();
        }
    }
}

namespace DeepLearning.Data;

/// <summary>
/// The contents of an IDX file (the format of MNIST and Fashion-MNIST): the size of each axis,
/// outermost first, and the unsigned bytes in row-major order.
/// </summary>
/// <remarks>
/// The layout, all integers big-endian:
/// <code>
/// offset 0      2 zero bytes
/// offset 2      type byte: 0x08 = unsigned byte (the only type this engine reads)
/// offset 3      rank byte r
/// offset 4      r int32 dimensions d0, d1, ...
/// offset 4+4r   d0*d1*... data bytes, row-major, and nothing after them
/// </code>
/// For example the Fashion-MNIST training images are 60000x28x28 and their labels 60000.
/// </remarks>
public sealed record IdxFile(int[] Dimensions, byte[] Data)
{
    /// <summary>The type byte of unsigned-byte data, the only one read and written here.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>The largest rank accepted: images are rank 3, labels rank 1; 4 leaves room for colour.</summary>
    public const int MaxRank = 4;

    /// <summary>The number of items: the size of the outermost axis.</summary>
    public int Count => Dimensions[0];

    /// <summary>The dimensions as written in messages, e.g. 60000x28x28.</summary>
    public string DimensionsText => FormatDimensions(Dimensions);

    internal static string FormatDimensions(IEnumerable<int> dimensions) => string.Join("x", dimensions);
}

namespace DeepLearning.Data;

/// <summary>
/// How 8-bit pixels become network inputs: x = pixel / 255, in [0, 1], then x' = (x - Mean) / Std.
/// </summary>
/// <remarks>
/// Standardising with the training set's mean and standard deviation centres the inputs near 0 with
/// spread near 1, which keeps the first layer's pre-activations in a range where the usual weight
/// initialisations were designed to work. <see cref="UnitRange"/> (Mean 0, Std 1) is the plain division by 255.
/// </remarks>
public sealed record PixelNormalization
{
    private PixelNormalization(float mean, float std)
    {
        if (!float.IsFinite(mean) || !float.IsFinite(std) || std <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(std),
                $"pixel normalization: mean {mean} and std {std} must be finite, and std positive");
        }
        Mean = mean;
        Std = std;
    }

    /// <summary>Subtracted after the division by 255.</summary>
    public float Mean { get; }

    /// <summary>Divided by last. Never 0.</summary>
    public float Std { get; }

    /// <summary>pixel / 255 only: inputs in [0, 1].</summary>
    public static PixelNormalization UnitRange => new(0f, 1f);

    /// <summary>(pixel / 255 - mean) / std, with the mean and std of pixel / 255 over the training set.</summary>
    public static PixelNormalization Standardize(float mean, float std) => new(mean, std);

    /// <summary>The value one pixel becomes.</summary>
    public float Apply(byte pixel) => (pixel / 255f - Mean) / Std;

    /// <summary>
    /// Converts all pixels at once through a 256-entry table: each byte value is normalised once, not
    /// once per pixel, and every occurrence of a byte gets bit-identical floats.
    /// </summary>
    public float[] Apply(ReadOnlySpan<byte> pixels)
    {
        var table = new float[256];
        for (var value = 0; value < table.Length; value++)
        {
            table[value] = Apply((byte)value);
        }
        var result = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            result[i] = table[pixels[i]];
        }
        return result;
    }

    public override string ToString() => Mean == 0f && Std == 1f ? "pixel/255" : $"(pixel/255 - {Mean}) / {Std}";
}

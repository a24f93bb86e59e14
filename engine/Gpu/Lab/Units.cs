using System.Globalization;

namespace DeepLearning.Gpu.Lab;

/// <summary>Sizes and durations as the napkin math prints them.</summary>
public static class Units
{
    /// <summary>A byte count in B, KB, MB or GB (powers of 1000, as bandwidths are quoted).</summary>
    public static string Bytes(double bytes) => bytes switch
    {
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{bytes:F0} B"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:G4} KB"),
        < 1e9 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:G4} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:G4} GB"),
    };

    /// <summary>A duration in µs, ms or s.</summary>
    public static string Seconds(double seconds) => seconds switch
    {
        < 1e-3 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6:G4} µs"),
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e3:G4} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds:G4} s"),
    };
}

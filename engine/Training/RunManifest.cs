using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeepLearning.Data;

namespace DeepLearning.Training;

/// <summary>
/// What it takes to rerun a training run and get the same numbers, as JSON: the code (commit), the seed, the data
/// (where it came from, and the SHA-256 of its bytes, so that "the same data" can be checked, not assumed), the
/// backend and its threads (float sums depend on both), and the versions of the packages. <c>dlc train</c> writes it
/// into its run folder as <c>manifest.json</c>; chapter 11 (section 11.9, task 11.6) has the learner write the same JSON.
/// </summary>
public static class RunManifest
{
    /// <summary>
    /// The manifest: an object with commit, seed, data_source, data_sha256, backend, threads and packages (name →
    /// version, names in ordinal order), in that order. The same inputs give the same string, whatever order the
    /// dictionary lists the packages in.
    /// </summary>
    public static string ToJson(string commit, ulong seed, string dataSource, string dataSha256, string backend, int threads,
        IReadOnlyDictionary<string, string> packages)
    {
        using var buffer = new MemoryStream();
        // The relaxed encoder writes "1.0.0+abc" and "Fashion-MNIST <folder>" as they are, not as \u002B and \u003C.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("commit", commit);
            json.WriteNumber("seed", seed);
            json.WriteString("data_source", dataSource);
            json.WriteString("data_sha256", dataSha256);
            json.WriteString("backend", backend);
            json.WriteNumber("threads", threads);
            json.WriteStartObject("packages");
            foreach (var (name, version) in packages.OrderBy(package => package.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, version);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The SHA-256 of <paramref name="data"/> as 64 lower-case hex digits, as <c>sha256sum</c> prints it.</summary>
    public static string Sha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// The SHA-256 of the datasets' bytes, in order: for each, its features as 32-bit floats, then its labels as 32-bit
    /// integers, both in the machine's byte order (little-endian on x64 and Arm64). Any changed pixel, label, order or
    /// normalisation changes it.
    /// </summary>
    public static string Sha256(params Dataset[] datasets)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var dataset in datasets)
        {
            hash.AppendData(MemoryMarshal.AsBytes(dataset.Features));
            hash.AppendData(MemoryMarshal.AsBytes(dataset.Labels));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The commit an assembly was built from: the SDK appends it to the informational version ("1.0.0+COMMIT") when it
    /// builds in a git checkout; "unknown" otherwise.
    /// </summary>
    public static string CommitOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version[(plus + 1)..] : "unknown";
    }

    /// <summary>The .NET runtime's version and each assembly's version (its informational version without the "+commit").</summary>
    public static IReadOnlyDictionary<string, string> VersionsOf(params Assembly[] assemblies)
    {
        var versions = new Dictionary<string, string> { [".NET"] = Environment.Version.ToString() };
        foreach (var assembly in assemblies)
        {
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                          ?? assembly.GetName().Version?.ToString() ?? "unknown";
            versions[assembly.GetName().Name!] = version.Split('+')[0];
        }
        return versions;
    }
}

using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DeepLearning.Grading.Building;

/// <summary>
/// The APIs in a compiled submission that no exercise needs and that attacks on a grader use: reflection, native
/// interop, processes, raw handles, the network, the file system, the environment. They change nothing in the
/// grade (the boundary is what stops them); the teacher is told, to look at the code.
/// </summary>
public static class WatchedApis
{
    private static readonly string[] s_namespaces =
        ["System.Reflection", "System.Runtime.InteropServices", "System.Runtime.Loader", "Microsoft.Win32", "System.Net", "System.Linq.Expressions"];

    private static readonly string[] s_types =
    [
        "System.Activator", "System.AppDomain", "System.Environment", "System.Runtime.CompilerServices.Unsafe",
        "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo",
        "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.RandomAccess",
    ];

    /// <summary>The watched types the assembly refers to, and its native methods, by name.</summary>
    public static IReadOnlyList<string> In(byte[] image)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        var metadata = pe.GetMetadataReader();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var (space, name) = (metadata.GetString(type.Namespace), metadata.GetString(type.Name));
            var full = $"{space}.{name}";
            // Attributes are what the compiler itself writes (DefaultMember for an indexer, In for an `in` parameter).
            if (!name.EndsWith("Attribute", StringComparison.Ordinal)
                && (s_types.Contains(full) || s_namespaces.Any(watched => space == watched || space.StartsWith(watched + ".", StringComparison.Ordinal))))
            {
                found.Add(full);
            }
        }
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
            {
                found.Add($"a native method ({metadata.GetString(method.Name)})");
            }
        }
        return [.. found];
    }
}

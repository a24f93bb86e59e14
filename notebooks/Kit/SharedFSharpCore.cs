using System.Reflection;
using System.Runtime.Loader;

namespace DeepLearning.Notebooks;

/// <summary>
/// Makes every request for FSharp.Core in the process get one and the same assembly: the one the host already
/// runs on (the .NET Interactive kernel ships FSharp.Core 10.0), or, in a host without one, the kit's copy.
/// </summary>
/// <remarks>
/// Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1. The kernel's default load context holds 10.0, which
/// cannot satisfy a request for 10.1, so without this hook the script loader loads a second FSharp.Core (10.1)
/// beside it: Plotly.NET then runs on 10.1 while Giraffe.ViewEngine, which asks for an older version, binds to
/// the kernel's 10.0, and the first chart fails with a MissingMethodException between the two. Requests that the
/// default context cannot satisfy reach <see cref="AssemblyLoadContext.Resolving"/> before the script loader,
/// so answering there with the host's copy keeps a single FSharp.Core. Plotly.NET uses no 10.1-only API.
/// </remarks>
public static class SharedFSharpCore
{
    private const string FSharpCore = "FSharp.Core";
    private const string InstalledKey = "DeepLearning.Notebooks.SharedFSharpCore";

    // Asking the default context by name from inside its own Resolving event re-enters the event when the host
    // has no FSharp.Core; this breaks the loop.
    [ThreadStatic]
    private static bool t_resolving;

    /// <summary>Installs the hook, once a process (each notebook's kernel loads its own copy of the kit).</summary>
    public static void Install()
    {
        if (AppDomain.CurrentDomain.GetData(InstalledKey) is true)
        {
            return;
        }
        AppDomain.CurrentDomain.SetData(InstalledKey, true);
        var kitCopy = Path.Combine(Path.GetDirectoryName(typeof(SharedFSharpCore).Assembly.Location)!, FSharpCore + ".dll");
        AssemblyLoadContext.Default.Resolving += (context, name) => name.Name == FSharpCore ? HostFSharpCore() ?? context.LoadFromAssemblyPath(kitCopy) : null;
    }

    /// <summary>
    /// The FSharp.Core of the default load context: the one already loaded, or the one the host application ships
    /// (whatever its version), or null when the host has none.
    /// </summary>
    public static Assembly? HostFSharpCore()
    {
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(assembly => assembly.GetName().Name == FSharpCore);
        if (loaded is not null)
        {
            return loaded;
        }
        if (t_resolving)
        {
            return null;
        }
        try
        {
            t_resolving = true;
            // Without a version, the name matches whatever FSharp.Core the application was built with.
            return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(FSharpCore));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        finally
        {
            t_resolving = false;
        }
    }
}

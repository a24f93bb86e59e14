using System.Diagnostics;

namespace DeepLearning.Grading.Sandbox;

/// <summary>How code under test is kept apart from the grader, strongest first.</summary>
public enum BoundaryKind
{
    /// <summary>
    /// bubblewrap started by root: new PID, network, IPC, UTS and mount namespaces, and inside them a fresh
    /// unprivileged uid without capabilities (setpriv). The host sees only the runtime, the grader's own files
    /// (read-only), its two assemblies (read-only) and private scratch folders.
    /// </summary>
    Namespaces,

    /// <summary>bubblewrap started by an ordinary user: the same namespaces and view, inside a user namespace.</summary>
    UserNamespaces,

    /// <summary>
    /// Root where namespaces are forbidden (a container without CAP_SYS_ADMIN): a fresh unprivileged uid, a cap
    /// on its processes, folders only that uid can read, and a sweep of that uid afterwards. The network stays
    /// reachable and world-readable files stay readable.
    /// </summary>
    UnprivilegedUser,

    /// <summary>Neither namespaces nor root: the host runs as the grader's user, and only the grader's limits apply.</summary>
    None,
}

/// <summary>
/// The operating-system boundary around the test hosts, chosen once per grader process: the strongest that this
/// machine allows, or the one named in <c>DLC_GRADE_SANDBOX</c> (<c>bubblewrap</c>, <c>user</c>, <c>none</c>).
/// A weaker boundary than namespaces is always said, in the grade report and on standard error.
/// </summary>
public sealed class OsBoundary
{
    public const string OverrideVariable = "DLC_GRADE_SANDBOX";

    private static readonly Lazy<OsBoundary> s_current = new(() => Detect(Environment.GetEnvironmentVariable(OverrideVariable)));

    private OsBoundary(BoundaryKind kind, string? weakness, Tools tools)
    {
        Kind = kind;
        Weakness = weakness;
        ToolPaths = tools;
    }

    /// <summary>The boundary of this process's gradings.</summary>
    public static OsBoundary Current => s_current.Value;

    public BoundaryKind Kind { get; }

    /// <summary>Why the boundary is weaker than namespaces, or null when it is not.</summary>
    public string? Weakness { get; }

    internal Tools ToolPaths { get; }

    /// <summary>One line for the report: what separates the code under test from the grader.</summary>
    public string Description => Kind switch
    {
        BoundaryKind.Namespaces => "isolation: bubblewrap (PID, network, mount, IPC and UTS namespaces), an unprivileged uid without capabilities, a read-only view of the grader, private scratch folders",
        BoundaryKind.UserNamespaces => "isolation: bubblewrap in a user namespace (PID, network, mount, IPC and UTS namespaces), a read-only view of the grader, private scratch folders",
        BoundaryKind.UnprivilegedUser => $"WARNING: weaker isolation ({Weakness}): tests ran as an unprivileged uid with private folders and were swept afterwards, but without network or PID isolation",
        _ => $"WARNING: no isolation ({Weakness}): tests ran as the grader's own user; only time, memory and output limits applied",
    };

    /// <summary>The programs a boundary uses, found on this machine (null when absent).</summary>
    internal sealed record Tools(string? Bubblewrap, string? Setpriv, string? Prlimit, string? True);

    /// <summary>Chooses a boundary: the requested one if it works here, else the strongest that does.</summary>
    public static OsBoundary Detect(string? requested)
    {
        Native.CloseOnExecAbove2();
        var tools = new Tools(Find("bwrap"), Find("setpriv"), Find("prlimit"), Find("true"));
        var root = Native.IsRoot;
        var request = (requested ?? "auto").Trim().ToLowerInvariant();
        if (request == "none")
        {
            return Announce(new OsBoundary(BoundaryKind.None, $"{OverrideVariable}=none", tools));
        }
        string? whyNot = null;
        if (request is "auto" or "bubblewrap" or "")
        {
            whyNot = !OperatingSystem.IsLinux() ? "not Linux"
                : tools.Bubblewrap is null ? "bubblewrap (bwrap) is not installed"
                : root && (tools.Setpriv is null || tools.Prlimit is null) ? "setpriv or prlimit (util-linux) is not installed"
                : Probe(new OsBoundary(root ? BoundaryKind.Namespaces : BoundaryKind.UserNamespaces, null, tools));
            if (whyNot is null)
            {
                return new OsBoundary(root ? BoundaryKind.Namespaces : BoundaryKind.UserNamespaces, null, tools);
            }
        }
        if (root && tools.Setpriv is not null && tools.Prlimit is not null)
        {
            return Announce(new OsBoundary(BoundaryKind.UnprivilegedUser, whyNot ?? $"{OverrideVariable}={request}", tools));
        }
        return Announce(new OsBoundary(BoundaryKind.None, whyNot is null ? "not root, and namespaces were not tried" : $"{whyNot}; not root, so no other uid either", tools));
    }

    // Starts `true` inside the boundary: null if it ran, else what went wrong.
    private static string? Probe(OsBoundary boundary)
    {
        var probe = HostLaunch.ProbeStartInfo(boundary);
        try
        {
            using var process = Process.Start(probe)!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return "bubblewrap did not start within 30 s";
            }
            var message = error.Result.Trim();
            return process.ExitCode == 0 ? null : $"namespaces are unavailable here (bwrap: {(message.Length == 0 ? $"exit code {process.ExitCode}" : message)})";
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"bubblewrap could not start: {exception.Message}";
        }
    }

    private static OsBoundary Announce(OsBoundary boundary)
    {
        Console.Error.WriteLine($"dlc-grade: {boundary.Description}");
        return boundary;
    }

    private static string? Find(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(directory.Length == 0 ? "." : directory, program);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}

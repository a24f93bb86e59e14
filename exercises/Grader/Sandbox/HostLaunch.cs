using System.Diagnostics;
using DeepLearning.Grading.Packaging;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Sandbox;

/// <summary>
/// One test host made ready to start inside the boundary: its folder (the assemblies it may load and a scratch
/// folder), its command line, and the uid it runs as, so that whatever it leaves running can be found and ended.
/// </summary>
/// <remarks>
/// Inside bubblewrap the host sees <c>/usr</c>, <c>/etc</c> and the .NET runtime read-only, the grader's own files
/// read-only in <c>/grader</c>, its two assemblies read-only in <c>/sandbox/bin</c>, and fresh, size-capped
/// <c>/tmp</c> and <c>/sandbox/scratch</c>; nothing else of the machine (no course folder, no submission, no
/// results, no other host's files) exists there.
/// </remarks>
public sealed class HostLaunch
{
    public const string MarkerVariable = "DLC_GRADE_HOST";
    private const string GraderInside = "/grader";
    private const string BinInside = "/sandbox/bin";
    private const string ScratchInside = "/sandbox/scratch";
    private const long TmpfsBytes = 256L * 1024 * 1024;
    private const int MaxProcesses = 256;

    private HostLaunch(ProcessStartInfo startInfo, int? uid, string marker, string folder)
    {
        StartInfo = startInfo;
        Uid = uid;
        Marker = marker;
        Folder = folder;
    }

    public ProcessStartInfo StartInfo { get; }

    /// <summary>The uid the host runs as, when the boundary gave it one of its own (root only).</summary>
    public int? Uid { get; }

    /// <summary>A value in the host's environment, which its children inherit: how survivors are found without namespaces or uid.</summary>
    public string Marker { get; }

    /// <summary>The host's folder on this machine, deleted after the host.</summary>
    public string Folder { get; }

    /// <summary>
    /// Lays out <paramref name="workDirectory"/>/<paramref name="name"/> (the <paramref name="assemblies"/>, a
    /// scratch folder) and builds the command that runs <c>dotnet dlc-grade.dll ARGUMENTS</c> inside the boundary;
    /// <paramref name="arguments"/> receives the folder of the assemblies as the host will see it.
    /// </summary>
    public static HostLaunch Prepare(OsBoundary boundary, string workDirectory, string name, IReadOnlyList<string> assemblies,
        Func<string, IEnumerable<string>> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var folder = Path.Combine(workDirectory, name);
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        var scratch = Directory.CreateDirectory(Path.Combine(folder, "scratch")).FullName;
        foreach (var assembly in assemblies)
        {
            File.Copy(assembly, Path.Combine(bin, Path.GetFileName(assembly)));
        }
        var marker = Guid.NewGuid().ToString("N");
        int? uid = boundary.Kind is BoundaryKind.Namespaces or BoundaryKind.UnprivilegedUser ? Random.Shared.Next(1_000_000, 1_900_000) : null;
        var bubblewrap = boundary.Kind is BoundaryKind.Namespaces or BoundaryKind.UserNamespaces;
        if (boundary.Kind == BoundaryKind.UnprivilegedUser && !OperatingSystem.IsWindows())
        {
            Restrict(workDirectory, folder, bin, scratch, uid!.Value);
        }
        var grader = typeof(HostLaunch).Assembly.Location;
        var graderSeen = bubblewrap ? $"{GraderInside}/{Path.GetFileName(grader)}"
            : boundary.Kind == BoundaryKind.UnprivilegedUser && !OperatingSystem.IsWindows() ? CopyGraderFor(folder, uid!.Value, grader)
            : grader;
        var binSeen = bubblewrap ? BinInside : bin;
        var scratchSeen = bubblewrap ? ScratchInside : scratch;
        var dotnet = ResolveDotnet();
        var command = new List<string> { dotnet, graderSeen };
        command.AddRange(arguments(binSeen));

        var start = Blank(scratchSeen);
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = scratchSeen;
        start.Environment["TMPDIR"] = bubblewrap ? "/tmp" : scratchSeen;
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No diagnostic IPC socket (heap dumps, debugger attach) and no crash dumps of the host.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        start.Environment[MarkerVariable] = marker;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var program = new List<string>();
        if (bubblewrap)
        {
            program.Add(boundary.ToolPaths.Bubblewrap!);
            program.AddRange(BubblewrapArguments(boundary, dotnet));
            program.AddRange(["--perms", "0755", "--dir", GraderInside, "--perms", "0755", "--dir", "/sandbox"]);
            foreach (var file in AutograderPackage.GraderFiles())
            {
                program.AddRange(["--ro-bind", file, $"{GraderInside}/{Path.GetFileName(file)}"]);
            }
            // Last, the sandbox's root (where /grader and /sandbox are folders) turns read-only too; /tmp and the
            // scratch folder are mounts of their own and stay writable.
            program.AddRange(["--ro-bind", bin, BinInside, "--perms", "1777", "--size", $"{TmpfsBytes}", "--tmpfs", ScratchInside, "--chdir", ScratchInside, "--remount-ro", "/", "--"]);
        }
        if (uid is { } id)
        {
            program.AddRange(DropPrivileges(boundary, id));
        }
        program.AddRange(command);
        start.FileName = program[0];
        foreach (var argument in program.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        return new HostLaunch(start, uid, marker, folder);
    }

    /// <summary>What <see cref="OsBoundary"/> runs to find out whether bubblewrap works here: `true` inside it.</summary>
    internal static ProcessStartInfo ProbeStartInfo(OsBoundary boundary)
    {
        var start = Blank("/");
        start.FileName = boundary.ToolPaths.Bubblewrap!;
        var program = BubblewrapArguments(boundary, ResolveDotnet()).Append("--").ToList();
        if (boundary.Kind == BoundaryKind.Namespaces)
        {
            program.AddRange(DropPrivileges(boundary, 1_999_999));
        }
        program.Add(boundary.ToolPaths.True ?? "/bin/true");
        foreach (var argument in program)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private static ProcessStartInfo Blank(string workingDirectory)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
            WorkingDirectory = Directory.Exists(workingDirectory) ? workingDirectory : "/",
        };
        // Nothing of the grader's environment (tokens, paths) reaches the host.
        start.Environment.Clear();
        return start;
    }

    // The namespaces and the read-only view of the system, up to the host's own binds.
    private static List<string> BubblewrapArguments(OsBoundary boundary, string dotnet)
    {
        var arguments = new List<string> { "--die-with-parent", "--new-session" };
        arguments.AddRange(boundary.Kind == BoundaryKind.Namespaces
            ? ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
            : ["--unshare-all", "--unshare-user", "--disable-userns"]);
        arguments.AddRange(["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]);
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" })
        {
            var info = new DirectoryInfo(top);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, top]);
            }
            else if (info.Exists)
            {
                arguments.AddRange(["--ro-bind", top, top]);
            }
        }
        var runtime = Path.GetDirectoryName(dotnet)!;
        if (!runtime.StartsWith("/usr/", StringComparison.Ordinal))
        {
            arguments.AddRange(["--ro-bind", runtime, runtime]);
        }
        arguments.AddRange(["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", $"{TmpfsBytes}", "--tmpfs", "/tmp"]);
        return arguments;
    }

    // setpriv: the fresh uid and gid, no supplementary groups, no capabilities now or after an exec, no setuid
    // gains; then prlimit caps that uid's processes (a fork bomb stops at the cap).
    private static string[] DropPrivileges(OsBoundary boundary, int uid) =>
    [
        boundary.ToolPaths.Setpriv!, "--reuid", $"{uid}", "--regid", $"{uid}", "--clear-groups", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--",
        boundary.ToolPaths.Prlimit!, $"--nproc={MaxProcesses}", "--",
    ];

    // Without namespaces, permissions keep hosts apart: the work folder can be crossed but not listed, a host's
    // assemblies are readable by its own group only, and its scratch folder is its own.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string workDirectory, string folder, string bin, string scratch, int uid)
    {
        const UnixFileMode crossOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(workDirectory, crossOnly);
        File.SetUnixFileMode(folder, crossOnly);
        Native.ChangeOwner(bin, 0, uid);
        File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        foreach (var file in Directory.EnumerateFiles(bin))
        {
            Native.ChangeOwner(file, 0, uid);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }
        Native.ChangeOwner(scratch, uid, uid);
        File.SetUnixFileMode(scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    // Without namespaces the fresh uid runs the grader from where it lives, which may sit under a folder that only
    // its owner can enter (a checkout in `mktemp -d`); it gets its own read-only copy, as bubblewrap gives /grader.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string CopyGraderFor(string folder, int uid, string grader)
    {
        var copy = Directory.CreateDirectory(Path.Combine(folder, "grader")).FullName;
        foreach (var file in AutograderPackage.GraderFiles())
        {
            var target = Path.Combine(copy, Path.GetFileName(file));
            File.Copy(file, target);
            Native.ChangeOwner(target, 0, uid);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }
        Native.ChangeOwner(copy, 0, uid);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return Path.Combine(copy, Path.GetFileName(grader));
    }

    private static string ResolveDotnet()
    {
        var path = DotnetHost.Path;
        if (!Path.IsPathRooted(path))
        {
            path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(directory => Path.Combine(directory, path)).FirstOrDefault(File.Exists)
                ?? throw new GraderException("cannot find the dotnet executable to start test hosts with");
        }
        var info = new FileInfo(path);
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }
}

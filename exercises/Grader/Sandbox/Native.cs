using System.Runtime.InteropServices;

namespace DeepLearning.Grading.Sandbox;

/// <summary>
/// The few Linux calls the grader needs that .NET does not wrap: who we are, and moving file descriptors so that
/// the test host's channel to the grader is not one that code under test writes to by accident.
/// </summary>
internal static class Native
{
    private const string LibC = "libc.so.6";

    public const int StdIn = 0;
    public const int StdOut = 1;
    public const int StdErr = 2;
    private const int DuplicateCloseOnExec = 1030; // F_DUPFD_CLOEXEC
    private const int GetDescriptorFlags = 1;       // F_GETFD
    private const int SetDescriptorFlags = 2;       // F_SETFD
    private const int CloseOnExec = 1;              // FD_CLOEXEC
    private const int ReadWrite = 2;                // O_RDWR

    [DllImport(LibC, EntryPoint = "geteuid")]
    public static extern uint EffectiveUserId();

    [DllImport(LibC, EntryPoint = "dup2", SetLastError = true)]
    private static extern int Dup2(int from, int to);

    [DllImport(LibC, EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int descriptor, int command, int argument);

    [DllImport(LibC, EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport(LibC, EntryPoint = "close")]
    private static extern int Close(int descriptor);

    [DllImport(LibC, EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, ulong argument2, ulong argument3, ulong argument4, ulong argument5);

    [DllImport(LibC, EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);

    public static bool IsRoot => OperatingSystem.IsLinux() && EffectiveUserId() == 0;

    /// <summary>A copy of <paramref name="descriptor"/> above 2 that a child process does not inherit (close-on-exec).</summary>
    public static int DuplicatePrivately(int descriptor) => Check(Fcntl(descriptor, DuplicateCloseOnExec, 3), "fcntl(F_DUPFD_CLOEXEC)");

    /// <summary>
    /// Marks every descriptor above 2 that this process holds close-on-exec, so that no child inherits it: a pipe
    /// the grader itself inherited (from a CI runner, say) must not reach a test host.
    /// </summary>
    public static void CloseOnExecAbove2()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var descriptor) && descriptor > 2 && Fcntl(descriptor, GetDescriptorFlags, 0) is var flags and >= 0)
            {
                Fcntl(descriptor, SetDescriptorFlags, flags | CloseOnExec);
            }
        }
    }

    /// <summary>Asks the kernel to kill this process when the thread that started it ends (PR_SET_PDEATHSIG, SIGKILL).</summary>
    public static void DieWithParent()
    {
        if (OperatingSystem.IsLinux())
        {
            Prctl(1, 9, 0, 0, 0);
        }
    }

    /// <summary>Makes <paramref name="target"/> refer to what <paramref name="source"/> refers to.</summary>
    public static void Redirect(int source, int target) => Check(Dup2(source, target), "dup2");

    /// <summary>Makes <paramref name="target"/> refer to /dev/null.</summary>
    public static void RedirectToNull(int target)
    {
        var devNull = Check(Open("/dev/null", ReadWrite), "open(/dev/null)");
        Redirect(devNull, target);
        Close(devNull);
    }

    /// <summary>Gives <paramref name="path"/> to a user and group (-1 leaves one as it is); root only.</summary>
    public static void ChangeOwner(string path, int owner, int group) => Check(Chown(path, owner, group), $"chown({path})");

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
}

using System.Text.Json;

namespace DeepLearning.Grading.Building;

/// <summary>
/// Compiled test sets kept on disk between grader runs (a Gradescope container grades one submission a run), by a
/// key made of the course's test and starter sources and the grader's own build: a folder that only the grader's
/// user can read (0700), under <c>DLC_GRADE_CACHE</c>, else <c>~/.cache/dlc-grade</c>. Code under test never sees
/// it: it is outside every sandbox's view, and without a boundary the grader does not use it.
/// </summary>
internal static class TestAssemblyCache
{
    public const string FolderVariable = "DLC_GRADE_CACHE";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private sealed record Lists(IReadOnlyList<Running.TestCaseInfo> Visible, IReadOnlyList<Running.TestCaseInfo> Hidden);

    private static string? Root
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable(FolderVariable);
            if (string.IsNullOrEmpty(folder))
            {
                var home = Environment.GetEnvironmentVariable("HOME");
                folder = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "dlc-grade");
            }
            return folder;
        }
    }

    public static TestAssemblies.Set? Load(string key)
    {
        var folder = Root is { } root ? Path.Combine(root, key) : null;
        try
        {
            if (folder is null || !File.Exists(Path.Combine(folder, "tests.json")))
            {
                return null;
            }
            var lists = JsonSerializer.Deserialize<Lists>(File.ReadAllText(Path.Combine(folder, "tests.json")))!;
            return new TestAssemblies.Set(File.ReadAllBytes(Path.Combine(folder, "visible.dll")), File.ReadAllBytes(Path.Combine(folder, "hidden.dll")), lists.Visible, lists.Hidden);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the set into a fresh folder, then moves it into place: a reader finds all of it or none.</summary>
    public static void Save(string key, TestAssemblies.Set set)
    {
        if (Root is not { } root || OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            Directory.CreateDirectory(root, OwnerOnly);
            File.SetUnixFileMode(root, OwnerOnly);
            var staging = Directory.CreateDirectory(Path.Combine(root, $".{key}.{Guid.NewGuid():N}"), OwnerOnly).FullName;
            File.WriteAllBytes(Path.Combine(staging, "visible.dll"), set.Visible);
            File.WriteAllBytes(Path.Combine(staging, "hidden.dll"), set.Hidden);
            File.WriteAllText(Path.Combine(staging, "tests.json"), JsonSerializer.Serialize(new Lists(set.VisibleTests, set.HiddenTests)));
            try
            {
                Directory.Move(staging, Path.Combine(root, key));
            }
            catch (IOException)
            {
                Directory.Delete(staging, recursive: true); // another grader got there first
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next run a compile.
        }
    }
}

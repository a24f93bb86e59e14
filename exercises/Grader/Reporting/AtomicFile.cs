namespace DeepLearning.Grading.Reporting;

/// <summary>
/// Writes a report so that a reader finds either the old file or the whole new one: the text goes to a temporary
/// file with a unique name beside it (never a fixed name that something may already occupy), which then replaces
/// the target. A folder standing where the report belongs is removed first.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        if (Directory.Exists(full) && !File.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.Write(text);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

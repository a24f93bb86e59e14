namespace DeepLearning.Grading.Running;

/// <summary>Where the <c>dotnet</c> executable is, to start test hosts with the same runtime as the grader.</summary>
public static class DotnetHost
{
    public static string Path
    {
        get
        {
            // Run as `dotnet dlc-grade.dll` (or under dotnet test), the current process is dotnet itself.
            var current = Environment.ProcessPath;
            if (current is not null && System.IO.Path.GetFileNameWithoutExtension(current) == "dotnet")
            {
                return current;
            }
            return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        }
    }
}

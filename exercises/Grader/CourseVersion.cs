using System.Reflection;
using System.Runtime.InteropServices;

namespace DeepLearning.Grading;

/// <summary>
/// What a grade was computed with, so that a regrade months later can be reproduced: the course's version, the git
/// commit the grader (and so the course it packages) was built from, and the .NET runtime it runs on.
/// </summary>
/// <remarks>
/// The SDK writes the commit into the assembly at build time (its source-control support sets SourceRevisionId, and the
/// informational version becomes "1.0.0+COMMIT"); built outside a git checkout there is none, and the commit is
/// "unknown". <c>dlc-grade --version</c> prints all three, results.json carries them in <c>extra_data</c>, and
/// <c>package</c> pins the runtime that its <c>setup.sh</c> installs to <see cref="Runtime"/>.
/// </remarks>
public sealed record CourseVersion(string Version, string Commit, string Runtime)
{
    public const string UnknownCommit = "unknown";

    /// <summary>The grader's own: the version and commit it was built from, the runtime it runs on now.</summary>
    public static CourseVersion Current { get; } = Of(typeof(CourseVersion).Assembly);

    public static CourseVersion Of(Assembly assembly) =>
        FromInformationalVersion(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    /// <summary>"1.0.0+COMMIT" as the version and the commit; "1.0.0" (built outside a git checkout) with the commit unknown.</summary>
    public static CourseVersion FromInformationalVersion(string informational)
    {
        var plus = informational.IndexOf('+');
        var (version, commit) = plus < 0 ? (informational, UnknownCommit) : (informational[..plus], informational[(plus + 1)..]);
        return new CourseVersion(version, commit.Length == 0 ? UnknownCommit : commit, RuntimeVersion());
    }

    /// <summary>"10.0.12" from ".NET 10.0.12": the exact runtime, previews included (Environment.Version drops their suffix).</summary>
    public static string RuntimeVersion() => RuntimeInformation.FrameworkDescription.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];

    /// <summary>One line for <c>--version</c>: "1.0.0 (commit 6016b2a..., .NET 10.0.12)".</summary>
    public override string ToString() => $"{Version} (commit {Commit}, .NET {Runtime})";
}

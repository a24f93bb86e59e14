using System.ComponentModel;
using Spectre.Console.Cli;
using DeepLearning.Grading.Packaging;

namespace DeepLearning.Grading.Commands;

/// <summary><c>dlc-grade package</c>: writes the Gradescope autograder zip.</summary>
internal sealed class PackageCommand : Command<PackageCommand.Settings>
{
    internal sealed class Settings : CourseSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("The zip to write (default autograder.zip).")]
        public string Out { get; init; } = "autograder.zip";

        [CommandOption("--config <FILE>")]
        [Description("A course configuration file (course.json), checked against the course's tests and packaged: the autograder grades with it.")]
        public string? Config { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var entries = AutograderPackage.Write(CourseLayout.Locate(settings.Course), settings.Out, settings.Config);
        Console.WriteLine($"wrote {Path.GetFullPath(settings.Out)} ({entries.Count} files, {new FileInfo(settings.Out).Length / 1024} KB): upload it to Gradescope as the autograder (Ubuntu image)");
        var version = CourseVersion.Current;
        Console.WriteLine($"course {version.Version}, commit {version.Commit}; its setup.sh installs .NET {version.Runtime}, the runtime this grader runs on");
        return 0;
    }
}

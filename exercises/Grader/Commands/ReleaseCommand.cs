using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using DeepLearning.Grading.Packaging;

namespace DeepLearning.Grading.Commands;

/// <summary><c>dlc-grade release --out DIR</c>: writes the learner's copy of the course.</summary>
internal sealed class ReleaseCommand : Command<ReleaseCommand.Settings>
{
    internal sealed class Settings : CourseSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("The folder to write the release into; it must be empty or absent.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Out is null ? ValidationResult.Error("name the release's folder: --out DIR") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var files = StudentRelease.Write(CourseLayout.Locate(settings.Course), settings.Out!);
        var bytes = files.Sum(file => new FileInfo(Path.Combine(settings.Out!, file)).Length);
        Console.WriteLine($"wrote the learner's copy to {Path.GetFullPath(settings.Out!)}: {files.Count} files, {bytes / 1024} KB. Its README says how to set it up.");
        return 0;
    }
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Commands;

/// <summary><c>dlc-grade notebooks --teacher DIR</c>: writes the teacher's notebooks, the chapters with their reference solutions.</summary>
internal sealed class NotebooksCommand : Command<NotebooksCommand.Settings>
{
    internal sealed class Settings : CourseSettings
    {
        [CommandOption("--teacher <DIR>")]
        [Description("The folder to write the teacher's notebooks into (not notebooks/, which holds the learner's copy).")]
        public string? Teacher { get; init; }

        public override ValidationResult Validate() =>
            Teacher is null ? ValidationResult.Error("name the folder for the teacher's notebooks: --teacher DIR") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var written = NotebookGenerator.WriteTeacher(CourseLayout.Locate(settings.Course), settings.Teacher!);
        Console.WriteLine($"wrote {written.Count} files to {Path.GetFullPath(settings.Teacher!)}: the chapters with their solutions, and a setup.csx that loads the course's");
        return 0;
    }
}

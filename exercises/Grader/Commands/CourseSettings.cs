using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeepLearning.Grading.Commands;

/// <summary>The option every command shares: where the course's exercise files are.</summary>
internal class CourseSettings : CommandSettings
{
    [CommandOption("--course <DIR>")]
    [Description("The course folder (exercises/ in the repository, course/ in an autograder). Found by walking up from the current directory when omitted.")]
    public string? Course { get; init; }
}

using System.ComponentModel;
using Spectre.Console.Cli;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Commands;

/// <summary>
/// <c>dlc-grade generate [--check]</c>: writes everything that is generated from exercises/Solution and committed —
/// exercises/Starter and the learner's notebooks' your-turn cells — or checks that it is up to date.
/// </summary>
internal sealed class GenerateCommand : Command<GenerateCommand.Settings>
{
    internal sealed class Settings : CourseSettings
    {
        [CommandOption("--check")]
        [Description("Write nothing; exit 1 and list the differences if the committed starter or notebooks are not what generation gives.")]
        public bool Check { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var layout = CourseLayout.Locate(settings.Course);
        if (settings.Check)
        {
            var differences = StarterGenerator.Differences(layout).Concat(NotebookGenerator.Differences(layout)).ToList();
            foreach (var difference in differences)
            {
                Console.WriteLine(difference);
            }
            Console.WriteLine(differences.Count == 0 ? "starter and notebooks are up to date" : "out of date: run `dlc-grade generate`");
            return differences.Count == 0 ? 0 : 1;
        }
        var written = StarterGenerator.Write(layout);
        Console.WriteLine($"generated {written.Count} files under {layout.Starter}");
        var notebooks = NotebookGenerator.Write(layout);
        Console.WriteLine(notebooks.Count == 0 ? "the learner's notebooks are up to date" : $"rewrote the your-turn cells of {string.Join(", ", notebooks)}");
        return 0;
    }
}

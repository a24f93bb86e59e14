using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Commands;

/// <summary>
/// <c>dlc-grade new-task --chapter N --name Method --title TITLE</c>: adds a task everywhere a task lives (see
/// <see cref="TaskScaffold"/>) and regenerates the starter and the notebooks, so that the course's tests pass as it is.
/// </summary>
internal sealed class NewTaskCommand : Command<NewTaskCommand.Settings>
{
    internal sealed class Settings : CourseSettings
    {
        [CommandOption("--chapter <N>")]
        [Description("The chapter to add the task to; it has an exercise file, visible and hidden tests and a notebook.")]
        public int? Chapter { get; init; }

        [CommandOption("--id <ID>")]
        [Description("The task's id, N.K (default: after the chapter's last task).")]
        public string? Id { get; init; }

        [CommandOption("--name <METHOD>")]
        [Description("The method the learner writes, in PascalCase: LabelSmoothing.")]
        public string? Name { get; init; }

        [CommandOption("--title <TEXT>")]
        [Description("The task's title, as the stub, the README's table, the report and the notebook show it: \"label smoothing of one-hot targets\".")]
        public string? Title { get; init; }

        [CommandOption("--returns <TYPE>")]
        [Description("The method's return type (default double).")]
        public string Returns { get; init; } = "double";

        [CommandOption("--parameters <LIST>")]
        // [[]] is how Spectre's markup writes [].
        [Description("The method's parameters, as C# writes them (default \"double x\"): \"int[[]] targets, int classes, float epsilon\".")]
        public string Parameters { get; init; } = "double x";

        [CommandOption("--summary <TEXT>")]
        [Description("The method's documentation, which the your-turn cell shows the learner (default: the title).")]
        public string? Summary { get; init; }

        [CommandOption("--not-allowed <LIST>")]
        [Description("Engine members the task may not call (its \"Write it yourself\" line): \"Tensor.Softmax, Linear\".")]
        public string? NotAllowed { get; init; }

        public override ValidationResult Validate() =>
            Chapter is null || Name is null || Title is null ? ValidationResult.Error("name the chapter, the method and the title: --chapter N --name Method --title TEXT")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var layout = CourseLayout.Locate(settings.Course);
        var chapter = settings.Chapter!.Value;
        var id = settings.Id ?? NextId(layout, chapter);
        var title = settings.Title!.Trim();
        var spec = new TaskScaffold.Spec(chapter, id, settings.Name!, title, settings.Returns, settings.Parameters,
            settings.Summary ?? char.ToUpperInvariant(title[0]) + title[1..].TrimEnd('.') + ".",
            settings.NotAllowed?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? []);
        var written = TaskScaffold.Write(layout, spec);
        Console.WriteLine($"added task {id} ({title}):");
        foreach (var file in written)
        {
            Console.WriteLine($"  {file}");
        }
        Console.WriteLine("Its reference, tests and notebook text are placeholders marked \"new-task\": write them, then run the tests.");
        return 0;
    }

    // After the chapter's last task: N.(K+1), or N.1 for a chapter without one.
    private static string NextId(CourseLayout layout, int chapter)
    {
        var numbers = SolutionTask.ReadAll(layout).Select(task => task.Id.Split('.'))
            .Where(parts => parts[0] == chapter.ToString() && int.TryParse(parts[1], out _))
            .Select(parts => int.Parse(parts[1])).ToList();
        return $"{chapter}.{(numbers.Count == 0 ? 1 : numbers.Max() + 1)}";
    }
}

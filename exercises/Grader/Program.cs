using DeepLearning.Grading;
using DeepLearning.Grading.Commands;
using DeepLearning.Grading.Running;
using Spectre.Console;
using Spectre.Console.Cli;

// The test host is started once per submission (and again after a crash): skip the command-line framework.
if (args.Length == 4 && args[0] == TestHost.Command)
{
    return TestHost.Run(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
}
if (args is [DeepLearning.Grading.Building.CompileWorker.Command])
{
    return DeepLearning.Grading.Building.CompileWorker.Serve();
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("dlc-grade");
    // --version: the course's version, the commit the grader was built from and the runtime it runs on.
    config.SetApplicationVersion(CourseVersion.Current.ToString());
    config.UseStrictParsing();
    config.AddCommand<GradeCommand>("grade")
        .WithDescription("Grade a submission folder: build it against the grader's own tests, run them in child processes with time and memory limits, write results.json and JUnit XML.")
        .WithExample("grade", "submission/", "--results", "results.json", "--junit", "junit.xml");
    config.AddCommand<BatchCommand>("batch")
        .WithDescription("Grade a class: every submission of a folder (Gradescope's export, or a folder a student) side by side, each as grade does; write grades.csv, a class report, a similarity report and a results.json each.")
        .WithExample("batch", "export/", "--out", "class-reports/");
    config.AddCommand<GenerateCommand>("generate")
        .WithDescription("Generate exercises/Starter (stubs and visible tests) and the learner's notebooks' your-turn cells from exercises/Solution; --check only compares.");
    config.AddCommand<NewTaskCommand>("new-task")
        .WithDescription("Add a task to a chapter: the method with a placeholder reference, visible and hidden tests, the notebook's your-turn and check cells, the README's row and counts; then regenerate the starter and notebooks.")
        .WithExample("new-task", "--chapter", "5", "--name", "LabelSmoothing", "--title", "label smoothing of one-hot targets", "--returns", "Tensor", "--parameters", "int[] targets, int classes, float epsilon");
    config.AddCommand<NotebooksCommand>("notebooks")
        .WithDescription("Write the teacher's notebooks (the chapters with the reference solutions) into a folder.")
        .WithExample("notebooks", "--teacher", "runs/teacher-notebooks");
    config.AddCommand<PackageCommand>("package")
        .WithDescription("Write a Gradescope autograder zip (setup.sh, run_autograder, the grader, the tests).");
    config.AddCommand<ReleaseCommand>("release")
        .WithDescription("Write the learner's copy of the course: notebooks, starter, engine, kit, set-up and a README; no solution, no hidden test.")
        .WithExample("release", "--out", "release/");
    config.AddCommand<HonestyCommand>("honesty")
        .WithDescription("Grade the reference, the starter and every wrong submission, and compare each with the score it must get.");
    config.SetExceptionHandler((exception, _) =>
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
        return exception is GraderException ? 2 : 3;
    });
});
return app.Run(args);

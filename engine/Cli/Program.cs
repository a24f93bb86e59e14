using System.Reflection;
using DeepLearning.Cli;
using DeepLearning.Cli.Export;
using DeepLearning.Cli.Train;
using Spectre.Console;
using Spectre.Console.Cli;

if (Console.IsOutputRedirected)
{
    // A log file has no terminal width; keep Spectre from wrapping lines at its 80-column default.
    AnsiConsole.Profile.Width = 160;
}

var app = new CommandApp<TrainCommand>();
app.Configure(config =>
{
    config.SetApplicationName("dlc");
    // --version: the version and the commit this build came from, "1.0.0+COMMIT" (the SDK writes the commit at build
    // time; built outside a git checkout there is none).
    var version = typeof(TrainCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
    config.SetApplicationVersion(version.Contains('+') ? version : $"{version}+unknown");
    config.UseStrictParsing();
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train an MLP or a CNN on Fashion-MNIST and write a run folder with metrics, checkpoint and an HTML report.")
        .WithExample("train", "--model", "mlp", "--epochs", "10", "--data", "auto");
    config.AddCommand<StepTimingCommand>("step-timing")
        .WithDescription("Time one training step (forward, backward, Adam) on the fast CPU backend and on the GPU backend, and compare their losses.");
    config.AddCommand<ExportCommand>("export")
        .WithDescription("Write a trained run's model as ONNX (for ONNX Runtime): input pixels in [0, 1], output logits.")
        .WithExample("export", "runs/mlp-20261205-101500", "--format", "onnx");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Train a small MLP on the two-moons toy set with raw tensors (a second).");
    // A mistyped option or a bad value gets one clear line and the usage, never a stack trace.
    config.SetExceptionHandler((exception, _) =>
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
        if (exception is CommandAppException)
        {
            AnsiConsole.MarkupLine("Run [bold]dlc train --help[/] to see every option.");
        }
        return 2;
    });
});
return app.Run(args);

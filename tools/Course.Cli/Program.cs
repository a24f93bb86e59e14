using DeepLearning.Cli;
using Spectre.Console.Cli;

var app = new CommandApp<DemoCommand>();
app.Configure(config =>
{
    config.SetApplicationName("dlc");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Train a small MLP on the two-moons toy set with the tensor engine (a few seconds).");
});
return app.Run(args);

using System.Xml.Linq;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// <c>dlc-grade COMMAND --help</c> works for every command, run as a teacher runs it (<c>dotnet dlc-grade.dll</c>).
/// The commands are not listed here: they are read from the application's own model (Spectre.Console.Cli's
/// <c>cli xmldoc</c>), so a command added to Program.cs is tested without touching this file, and every command
/// class of the grader must be in that model, so none is written and never registered.
/// </summary>
public sealed class CommandHelpTests
{
    private static readonly Lazy<IReadOnlyList<(string Path, string ClrType)>> s_commands = new(ReadCommands);

    private static IEnumerable<TestCaseData> Commands() =>
        s_commands.Value.Select(command => new TestCaseData(command.Path).SetArgDisplayNames(command.Path));

    [TestCaseSource(nameof(Commands))]
    public void HelpPrintsTheUsageAndExitsZero(string command)
    {
        var (exitCode, output) = Run([.. command.Split(' '), "--help"]);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("USAGE:"));
        Assert.That(output, Does.Contain($"dlc-grade {command}"), "the usage line names the command");
    }

    [Test]
    public void TheApplicationsHelpListsEveryCommand()
    {
        var (exitCode, output) = Run(["--help"]);
        Assert.That(exitCode, Is.Zero, output);
        foreach (var (path, _) in s_commands.Value.Where(command => !command.Path.Contains(' ')))
        {
            Assert.That(output, Does.Contain($"    {path} ").Or.Contain($"    {path}\n"), $"the command list shows {path}");
        }
    }

    [Test]
    public void EveryCommandClassIsRegistered()
    {
        var classes = typeof(Grader).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(Spectre.Console.Cli.ICommand).IsAssignableFrom(type))
            .Select(type => type.FullName!)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(classes, Is.Not.Empty);
        Assert.That(s_commands.Value.Select(command => command.ClrType).Order(StringComparer.Ordinal), Is.EquivalentTo(classes));
    }

    // Every command that runs (not a branch), as the words that name it ("grade", or "branch command") and its class.
    private static IReadOnlyList<(string Path, string ClrType)> ReadCommands()
    {
        var (exitCode, output) = Run(["cli", "xmldoc"]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dlc-grade cli xmldoc exited with {exitCode}: {output}");
        }
        var model = XDocument.Parse(output[output.IndexOf('<', StringComparison.Ordinal)..]);
        return model.Descendants("Command")
            .Where(command => command.Attribute("IsBranch")?.Value != "true")
            .Select(command => (string.Join(' ', command.AncestorsAndSelf("Command").Reverse().Select(node => node.Attribute("Name")!.Value)), command.Attribute("ClrType")!.Value))
            .ToList();
    }

    private static (int ExitCode, string Output) Run(string[] arguments) => GraderProcess.Run(arguments);
}

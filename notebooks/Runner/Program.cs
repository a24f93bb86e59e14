using System.Reflection;
using DeepLearning.NotebookRunner;

// notebook-runner NOTEBOOK.ipynb... [--out DIR] | site [...] | --version
// Runs each notebook top to bottom in process and writes DIR/NAME.ipynb (with outputs) and DIR/NAME.html;
// `site` writes the course website instead (SiteCommand).
if (args.Length > 0 && args[0] == "site")
{
    return await SiteCommand.RunAsync(args[1..]);
}
var notebooks = new List<string>();
var outputFolder = Path.Combine("runs", "notebooks");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length:
            outputFolder = args[++i];
            break;
        case "--version":
            // The version and the commit this build came from, "1.0.0+COMMIT" (the SDK writes the commit at build
            // time; built outside a git checkout there is none).
            var version = typeof(NotebookExecution).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            Console.WriteLine(version.Contains('+') ? version : $"{version}+unknown");
            return 0;
        case "-h" or "--help":
            Console.WriteLine("usage: notebook-runner NOTEBOOK.ipynb... [--out DIR]   (default DIR: runs/notebooks)\n       notebook-runner site [--help]\n       notebook-runner --version");
            Console.WriteLine("Runs each notebook top to bottom and writes DIR/NAME.ipynb with its outputs and DIR/NAME.html.");
            return 0;
        case var option when option.StartsWith('-'):
            Console.Error.WriteLine($"error: unknown option '{option}' (try --help)");
            return 2;
        default:
            notebooks.Add(args[i]);
            break;
    }
}
if (notebooks.Count == 0)
{
    Console.Error.WriteLine("error: name at least one notebook (try --help)");
    return 2;
}

Directory.CreateDirectory(outputFolder);
var failures = 0;
foreach (var path in notebooks)
{
    var run = await NotebookExecution.RunAsync(CourseNotebook.Load(path));
    var baseName = Path.Combine(outputFolder, run.Notebook.Chapter);
    await File.WriteAllTextAsync(baseName + ".ipynb", ExecutedNotebook.ToJson(run));
    await File.WriteAllTextAsync(baseName + ".html", NotebookHtmlPage.Render(run));
    Console.WriteLine($"{run.Notebook.Chapter}: {(run.Succeeded ? "ok" : "FAILED")} in {run.Elapsed.TotalSeconds:F1} s -> {baseName}.ipynb, {baseName}.html");
    if (run.FailureMessage is { } failure)
    {
        Console.Error.WriteLine(failure);
        failures++;
    }
}
return failures == 0 ? 0 : 1;

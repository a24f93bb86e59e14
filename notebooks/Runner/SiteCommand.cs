using System.Diagnostics;

namespace DeepLearning.NotebookRunner;

/// <summary>
/// <c>notebook-runner site [--out DIR] [--executed DIR | NOTEBOOK.ipynb...]</c>: the course website (<see cref="CourseSite"/>).
/// By default it runs the learner's chapters, notebooks/NN-*.ipynb, in process first; with <c>--executed</c> it takes
/// chapters that already ran (the runner's or Jupyter's executed copies).
/// </summary>
public static class SiteCommand
{
    private const string Usage = """
        usage: notebook-runner site [--out DIR] [--executed DIR | NOTEBOOK.ipynb...]
        Writes the course as a static website into DIR (default: site): index.html, a page per chapter, assets/.
        Runs the chapters first (default: notebooks/NN-*.ipynb, in fast mode unless COURSE_MODE says otherwise);
        --executed DIR takes the executed chapters in DIR (NN-*.ipynb) instead.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var (outputFolder, executedFolder, notebooks) = ("site", (string?)null, new List<string>());
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outputFolder = args[++i];
                    break;
                case "--executed" when i + 1 < args.Length:
                    executedFolder = args[++i];
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                case var option when option.StartsWith('-'):
                    Console.Error.WriteLine($"error: unknown option '{option}' (try site --help)");
                    return 2;
                default:
                    notebooks.Add(args[i]);
                    break;
            }
        }
        var clock = Stopwatch.StartNew();
        var runs = new List<NotebookRun>();
        foreach (var path in Chapters(executedFolder ?? (notebooks.Count > 0 ? null : "notebooks"), notebooks))
        {
            if (executedFolder is not null)
            {
                runs.Add(ExecutedNotebook.Load(path));
                continue;
            }
            var run = await NotebookExecution.RunAsync(CourseNotebook.Load(path));
            Console.WriteLine($"{run.Notebook.Chapter}: {(run.Succeeded ? "ok" : "FAILED")} in {run.Elapsed.TotalSeconds:F1} s");
            if (run.FailureMessage is { } failure)
            {
                Console.Error.WriteLine(failure);
                return 1;
            }
            runs.Add(run);
        }
        if (runs.Count == 0)
        {
            Console.Error.WriteLine("error: no chapters to put in the site (try site --help)");
            return 2;
        }
        var headings = CourseSite.Write(runs, outputFolder);
        Console.WriteLine($"site: {runs.Count} chapters, {headings.Count} headings searchable -> {Path.GetFullPath(Path.Combine(outputFolder, "index.html"))} ({clock.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    /// <summary>The notebooks named, or every chapter NN-*.ipynb of <paramref name="folder"/>, in order.</summary>
    private static IEnumerable<string> Chapters(string? folder, IReadOnlyList<string> named) =>
        folder is null
            ? named
            : Directory.GetFiles(folder, "*.ipynb").Where(path => char.IsAsciiDigit(Path.GetFileName(path)[0])).Order(StringComparer.Ordinal);
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// The course's notebooks, made from one source. <c>notebooks/NN-name.ipynb</c> are the learner's notebooks: in each,
/// the cell with id <c>task-X-Y</c> is generated from task X.Y of <c>exercises/Solution</c> (its stub), and every other
/// cell is the chapter's own text and code. The teacher's notebooks are the same with the reference bodies; they are
/// written on demand (<c>dlc-grade notebooks --teacher DIR</c>), never committed, so no solution sits next to the
/// learner's copy and none can drift from <c>exercises/Solution</c>.
/// </summary>
/// <remarks>
/// Generation also holds the notebooks to one task set: every task of the exercises has exactly one cell, in its
/// own chapter, in the order of the ids, and each is followed by a check cell for it,
/// <c>Check("X.Y", Method);</c> or <c>var method = Check("X.Y", Method);</c> when later cells use the function.
/// A quick question (id X.a, cell <c>task-X-a</c>) is placed the same way; questions follow the order of their
/// letters among themselves and may sit between the tasks, where the text asks them.
/// </remarks>
public static partial class NotebookGenerator
{
    public enum Copy { Learner, Teacher }

    public const string SetUpFile = "setup.csx";

    /// <summary>Every chapter of the given copy: file name → notebook text.</summary>
    public static IReadOnlyDictionary<string, string> Generate(CourseLayout layout, Copy copy)
    {
        var tasks = SolutionTask.ReadAll(layout).ToDictionary(task => task.Id);
        var placed = new Dictionary<string, string>();
        var problems = new List<string>();
        var notebooks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Chapters(layout))
        {
            var name = Path.GetFileName(path);
            var notebook = JupyterJson.Parse(File.ReadAllText(path), path);
            var cells = notebook["cells"]?.AsArray().Select(cell => cell!.AsObject()).ToList() ?? [];
            var code = cells.Where(cell => (string?)cell["cell_type"] == "code").ToList();
            // The last task and the last question placed: each kind follows its own order.
            var previous = new Dictionary<bool, string>();
            for (var i = 0; i < code.Count; i++)
            {
                if (TaskOfCell(code[i]) is not { } id)
                {
                    continue;
                }
                if (!tasks.TryGetValue(id, out var task))
                {
                    problems.Add($"{name}: cell '{code[i]["id"]}' is for task {id}, which exercises/Solution does not have");
                    continue;
                }
                if (!placed.TryAdd(id, name))
                {
                    problems.Add($"{name}: task {id} has a cell here and in {placed[id]}");
                }
                if (id.Split('.')[0] != ChapterOf(name))
                {
                    problems.Add($"{name}: task {id} belongs to chapter {id.Split('.')[0]}");
                }
                if (previous.GetValueOrDefault(TaskCatalog.IsQuestion(id)) is { } before && TaskIdComparer.Instance.Compare(before, id) > 0)
                {
                    problems.Add($"{name}: task {id} comes after task {before}; tasks follow the text in the order of their ids");
                }
                previous[TaskCatalog.IsQuestion(id)] = id;
                var check = i + 1 < code.Count ? code[i + 1] : null;
                if (check is null || CheckedTask(check) != (id, task.MethodName))
                {
                    problems.Add($"{name}: the code cell after '{code[i]["id"]}' must check it: Check(\"{id}\", {task.MethodName}); or var x = Check(\"{id}\", {task.MethodName});");
                }
                code[i]["source"] = JupyterJson.SourceLines(copy == Copy.Learner ? NotebookTaskCell.Learner(task) : NotebookTaskCell.Teacher(task));
            }
            notebooks[name] = JupyterJson.Write(notebook);
        }
        problems.AddRange(tasks.Keys.Where(id => !placed.ContainsKey(id)).Select(id => $"task {id} ({tasks[id].Title}) has no cell '{CellId(id)}' in a notebook"));
        return problems.Count == 0
            ? notebooks
            : throw new GraderException("the notebooks do not match exercises/Solution:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>What differs between the learner's notebooks generated now and those in <c>notebooks/</c>.</summary>
    public static IReadOnlyList<string> Differences(CourseLayout layout) =>
        Generate(layout, Copy.Learner)
            .Where(notebook => File.ReadAllText(Path.Combine(layout.Notebooks, notebook.Key)) != notebook.Value)
            .Select(notebook => $"changed: notebooks/{notebook.Key}")
            .ToList();

    /// <summary>Rewrites the learner's notebooks in place. Returns the files that changed.</summary>
    public static IReadOnlyList<string> Write(CourseLayout layout)
    {
        var changed = new List<string>();
        foreach (var (name, text) in Generate(layout, Copy.Learner))
        {
            var path = Path.Combine(layout.Notebooks, name);
            if (File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
                changed.Add($"notebooks/{name}");
            }
        }
        return changed;
    }

    /// <summary>
    /// Writes the teacher's notebooks into <paramref name="folder"/>, with a <c>setup.csx</c> that loads the course's
    /// own, so that they run there against the kit built in <c>notebooks/lib</c>. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> WriteTeacher(CourseLayout layout, string folder)
    {
        var full = Path.GetFullPath(folder);
        if (full.TrimEnd('/') == layout.Notebooks.TrimEnd('/'))
        {
            throw new GraderException("the teacher's notebooks never go into notebooks/, which holds the learner's copy");
        }
        Directory.CreateDirectory(full);
        var written = new List<string>();
        foreach (var (name, text) in Generate(layout, Copy.Teacher))
        {
            File.WriteAllText(Path.Combine(full, name), text);
            written.Add(Path.Combine(full, name));
        }
        var setUp = Path.GetRelativePath(full, Path.Combine(layout.Notebooks, SetUpFile)).Replace('\\', '/');
        File.WriteAllText(Path.Combine(full, SetUpFile), $"// The teacher's notebooks run on the course's own set-up (generated by dlc-grade notebooks --teacher).\n#load \"{setUp}\"\n");
        written.Add(Path.Combine(full, SetUpFile));
        // Jupyter starts the .NET kernel as a local dotnet tool, found through the nearest .config/dotnet-tools.json
        // above the notebook: outside the repository there is none, so the repository's goes along.
        var manifest = Path.Combine(".config", "dotnet-tools.json");
        if (!Ancestors(full).Any(folder => File.Exists(Path.Combine(folder, manifest))))
        {
            Directory.CreateDirectory(Path.Combine(full, ".config"));
            File.Copy(Path.Combine(layout.Notebooks, "..", manifest), Path.Combine(full, manifest));
            written.Add(Path.Combine(full, manifest));
        }
        return written;
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var directory = new DirectoryInfo(folder); directory is not null; directory = directory.Parent)
        {
            yield return directory.FullName;
        }
    }

    /// <summary>The chapters, <c>notebooks/NN-name.ipynb</c>, in order.</summary>
    public static IReadOnlyList<string> Chapters(CourseLayout layout) =>
        Directory.Exists(layout.Notebooks)
            ? Directory.GetFiles(layout.Notebooks, "*.ipynb").Where(path => ChapterFile().IsMatch(Path.GetFileName(path))).Order(StringComparer.Ordinal).ToList()
            : throw new GraderException($"there is no notebooks folder at {layout.Notebooks}");

    /// <summary>The id of task X.Y's cell: <c>task-X-Y</c> (a question's: <c>task-X-a</c>).</summary>
    public static string CellId(string taskId) => "task-" + taskId.Replace('.', '-');

    /// <summary>The task whose your-turn cell this is, from its id <c>task-X-Y</c>; null for other cells.</summary>
    public static string? TaskOfCell(JsonObject cell) =>
        TaskCellId().Match((string?)cell["id"] ?? "") is { Success: true } match ? $"{match.Groups[1].Value}.{match.Groups[2].Value}" : null;

    /// <summary>The task and function a check cell checks, from <c>Check("X.Y", Function)</c>; null for other cells.</summary>
    public static (string Task, string Function)? CheckedTask(JsonObject cell) =>
        CheckCall().Match(JupyterJson.Source(cell).Trim()) is { Success: true } match ? (match.Groups["id"].Value, match.Groups["function"].Value) : null;

    private static string ChapterOf(string fileName) => int.Parse(fileName[..2], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{2}-[a-z0-9-]+\.ipynb$")]
    private static partial Regex ChapterFile();

    [GeneratedRegex(@"^task-(\d+)-(\d+|[a-z])$")]
    private static partial Regex TaskCellId();

    [GeneratedRegex("""^(var [a-zA-Z_][a-zA-Z0-9_]* = )?Check\("(?<id>\d+\.(?:\d+|[a-z]))", (?<function>[A-Za-z_][A-Za-z0-9_]*)\);$""")]
    private static partial Regex CheckCall();
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepLearning.Tests;

/// <summary>
/// The engine and the chapters point at each other, as d2l's library says where each function is taught. Every
/// file of engine/Ops, engine/NN and engine/Optim names the section that teaches it, in its comments:
/// "Taught in chapter 6, section 6.3 (notebooks/06-convolutional-networks.ipynb)", or says "not taught in the
/// course"; every "section N.M (notebooks/….ipynb)" it cites is a heading of that notebook; and every engine path
/// a chapter names exists. A section renumbered or a file moved fails here, not in a learner's hands.
/// </summary>
public sealed partial class CrossLinkTests
{
    private static readonly string Root = FindRoot();

    private static readonly string[] LinkedFolders = ["engine/Ops", "engine/NN", "engine/Optim"];

    public static IEnumerable<TestCaseData> EngineFiles() =>
        LinkedFolders
            .SelectMany(folder => Directory.GetFiles(Path.Combine(Root, folder), "*.cs"))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(file => new TestCaseData(file).SetArgDisplayNames(file));

    public static IEnumerable<TestCaseData> Chapters() =>
        Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb")
            .Select(path => "notebooks/" + Path.GetFileName(path))
            .Order(StringComparer.Ordinal)
            .Select(notebook => new TestCaseData(notebook).SetArgDisplayNames(notebook));

    [TestCaseSource(nameof(EngineFiles))]
    public void Engine_file_names_the_section_that_teaches_it(string file)
    {
        var comments = CommentText(file);
        var taught = TaughtIn().Match(comments);
        Assert.That(taught.Success || NotTaught().IsMatch(comments), Is.True,
            $"{file}: its comments need 'Taught in chapter N, section N.M (notebooks/NN-name.ipynb)', or 'not taught in the course'");
        if (taught.Success)
        {
            var chapter = int.Parse(taught.Groups["chapter"].Value);
            Assert.Multiple(() =>
            {
                Assert.That(int.Parse(taught.Groups["section"].Value.Split('.')[0]), Is.EqualTo(chapter),
                    $"{file}: '{taught.Value}': the section is not in chapter {chapter}");
                Assert.That(Path.GetFileName(taught.Groups["notebook"].Value), Does.StartWith($"{chapter:D2}-"),
                    $"{file}: '{taught.Value}': the notebook is not chapter {chapter}'s");
            });
        }
    }

    [TestCaseSource(nameof(EngineFiles))]
    public void Every_section_an_engine_file_cites_is_a_heading_of_its_notebook(string file)
    {
        foreach (Match reference in SectionReference().Matches(CommentText(file)))
        {
            var (section, notebook) = (reference.Groups["section"].Value, reference.Groups["notebook"].Value);
            Assert.That(File.Exists(Path.Combine(Root, notebook)), Is.True, $"{file} cites {notebook}, which does not exist");
            Assert.That(SectionHeadings(notebook), Does.Contain(section),
                $"{file} cites section {section} of {notebook}, which has no heading '## {section} …'");
        }
    }

    [TestCaseSource(nameof(Chapters))]
    public void Every_engine_path_a_chapter_names_exists(string notebook)
    {
        var missing = EnginePath().Matches(string.Join("\n", CellSources(notebook).Select(cell => cell.Source)))
            .Select(match => match.Value.TrimEnd('.'))
            .Distinct()
            .Where(path => !File.Exists(Path.Combine(Root, path)) && !Directory.Exists(Path.Combine(Root, path)))
            .ToList();
        Assert.That(missing, Is.Empty, $"{notebook} names engine paths that do not exist");
    }

    /// <summary>The text of a file's comments (// and ///), one line after another, without the slashes.</summary>
    private static string CommentText(string file) =>
        string.Join(" ", File.ReadLines(Path.Combine(Root, file))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("//"))
            .Select(line => line.TrimStart('/').Trim()));

    /// <summary>The numbers of a notebook's numbered headings: "6.3" for "## 6.3 Pooling".</summary>
    private static HashSet<string> SectionHeadings(string notebook) =>
        CellSources(notebook)
            .Where(cell => cell.Type == "markdown")
            .SelectMany(cell => Heading().Matches(cell.Source).Select(match => match.Groups["section"].Value))
            .ToHashSet();

    private static IEnumerable<(string Type, string Source)> CellSources(string notebook)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, notebook)));
        return json.RootElement.GetProperty("cells").EnumerateArray()
            .Select(cell => (
                cell.GetProperty("cell_type").GetString()!,
                string.Concat(cell.GetProperty("source").EnumerateArray().Select(line => line.GetString()))))
            .ToList();
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DeepLearningCourse.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no DeepLearningCourse.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"Taught in chapter (?<chapter>\d+), section (?<section>\d+\.\d+) \((?<notebook>notebooks/[^)\s]+\.ipynb)\)")]
    private static partial Regex TaughtIn();

    [GeneratedRegex("not taught in the course", RegexOptions.IgnoreCase)]
    private static partial Regex NotTaught();

    [GeneratedRegex(@"section (?<section>\d+\.\d+) \((?<notebook>notebooks/[^)\s]+\.ipynb)\)", RegexOptions.IgnoreCase)]
    private static partial Regex SectionReference();

    [GeneratedRegex(@"^#+\s+(?<section>\d+\.\d+)\s", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"(?<![\w/])engine/(?:[\w.-]+/)*[\w.-]*")]
    private static partial Regex EnginePath();
}

using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeepLearning.Grading.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepLearning.Grading.Building;

/// <summary>
/// A chapter's notebook turned back into the chapter's exercise file: the reverse of what <c>dlc-grade generate</c>
/// does to a your-turn cell. Each cell with id <c>task-X-Y</c> is a C# script; its members replace the starter's
/// members of the same name (with the starter's modifiers, <c>public static</c>), and the members it adds (helpers)
/// join the chapter's class as <c>private static</c>. Every line taken from a cell carries a <c>#line</c> directive,
/// so that compiler errors and stack traces name the notebook, the cell and the line in it.
/// </summary>
/// <remarks>
/// A cell that does not even parse is left out (its task keeps the stub and scores 0), so that it costs only its own
/// task; an error the parser cannot see costs the chapter, as in a .cs file, with a message that names the cell.
/// Statements outside a method (a cell's trial calls) are not graded.
/// </remarks>
public static class NotebookSubmission
{
    /// <summary>What a notebook gave: its chapter's exercise file, and per task whose cell was left out, why.</summary>
    public sealed record Converted(SourceFile File, IReadOnlyDictionary<string, string> CellsNotCompiled);

    /// <summary>
    /// The chapter whose your-turn cells the notebook holds (from the cells' ids, so a renamed notebook still counts),
    /// or null when it has none or is not a notebook.
    /// </summary>
    public static string? ChapterOf(string notebookText)
    {
        try
        {
            return TaskCells(JupyterJson.Parse(notebookText, "")).Select(cell => cell.Task.Split('.')[0]).FirstOrDefault();
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or GraderException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The notebook <paramref name="notebookName"/> as the starter file <paramref name="starter"/> with the cells' code in it.</summary>
    public static Converted Convert(string notebookName, string notebookText, SourceFile starter)
    {
        var label = Regex.Replace(Path.GetFileName(notebookName), "[\"\\p{C}]", "_");
        var root = CSharpSyntaxTree.ParseText(starter.Text, path: starter.Path).GetCompilationUnitRoot();
        var members = root.DescendantNodes().OfType<TypeDeclarationSyntax>().SelectMany(type => type.Members).ToList();
        var chapterClass = members.OfType<MethodDeclarationSyntax>().First(method => TaskIdOf(method) is not null).Parent as TypeDeclarationSyntax;
        var replacements = new Dictionary<MemberDeclarationSyntax, string>();
        var helpers = new StringBuilder();
        var usings = new StringBuilder();
        var notCompiled = new Dictionary<string, string>();
        var chapter = CourseLayout.ChapterOf(starter.Path)!;
        var cells = TaskCells(JupyterJson.Parse(notebookText, notebookName)).Where(cell => cell.Task.Split('.')[0] == chapter).ToList();
        foreach (var (task, id, source) in cells)
        {
            var cellName = $"{label}, cell {id}";
            var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script), path: cellName);
            if (tree.GetDiagnostics().FirstOrDefault(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error) is { } error)
            {
                notCompiled[task] = $"the cell {id} of {label} does not compile, so {TaskCatalog.Kind(task).ToLowerInvariant()} {task} was graded as not done:\n{error}";
                continue;
            }
            var cell = tree.GetCompilationUnitRoot();
            usings.Append(string.Concat(cell.Usings.Select(directive => directive.ToString() + "\n")));
            foreach (var member in cell.Members.Where(member => member is not GlobalStatementSyntax))
            {
                var starterMember = members.FirstOrDefault(candidate => !replacements.ContainsKey(candidate) && Names(candidate).Intersect(Names(member)).Any());
                if (starterMember is not null)
                {
                    replacements[starterMember] = FromCell(member, starterMember.Modifiers.ToString(), cellName);
                }
                else
                {
                    helpers.Append(FromCell(member, HelperModifiers(member), cellName)).Append('\n');
                }
            }
        }
        var text = new StringBuilder(usings.ToString());
        var position = 0;
        foreach (var (member, replacement) in replacements.OrderBy(pair => pair.Key.SpanStart))
        {
            var start = member.GetFirstToken().SpanStart;
            text.Append(starter.Text, position, start - position).Append(replacement);
            position = member.Span.End;
        }
        var classEnd = chapterClass!.CloseBraceToken.SpanStart;
        text.Append(starter.Text, position, classEnd - position).Append(helpers).Append(starter.Text, classEnd, starter.Text.Length - classEnd);
        return new Converted(new SourceFile(starter.Path, text.ToString()), notCompiled);
    }

    // A member of a cell, its modifiers replaced, between #line directives that map its lines back to the cell.
    private static string FromCell(MemberDeclarationSyntax member, string modifiers, string cellName)
    {
        var first = member.Modifiers.Count > 0 ? member.Modifiers.Last().GetNextToken() : member.GetFirstToken();
        var line = first.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var code = member.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(first.SpanStart, member.Span.End));
        return $"\n#line {line} \"{cellName}\"\n{modifiers} {code}\n#line default\n";
    }

    // A helper of the learner's joins the static class: private, and static unless it is a const or a type.
    private static string HelperModifiers(MemberDeclarationSyntax member) => member switch
    {
        BaseFieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword) => "private const",
        BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => string.Join(" ", member.Modifiers.Where(modifier => !modifier.IsKind(SyntaxKind.PublicKeyword))),
        _ => "private static",
    };

    private static IEnumerable<string> Names(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => [method.Identifier.ValueText],
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(variable => variable.Identifier.ValueText),
        PropertyDeclarationSyntax property => [property.Identifier.ValueText],
        BaseTypeDeclarationSyntax type => [type.Identifier.ValueText],
        _ => [],
    };

    private static string? TaskIdOf(MemberDeclarationSyntax member) =>
        member.GetLeadingTrivia().Select(trivia => TaskCatalog.TaskComment().Match(trivia.ToString())).FirstOrDefault(match => match.Success)?.Groups["id"].Value;

    // The your-turn cells: code cells with id task-X-Y, in notebook order.
    private static IEnumerable<(string Task, string CellId, string Source)> TaskCells(JsonObject notebook) =>
        (notebook["cells"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(cell => (string?)cell["cell_type"] == "code")
            .Select(cell => (Task: NotebookGenerator.TaskOfCell(cell), CellId: (string?)cell["id"] ?? "", Source: JupyterJson.Source(cell)))
            .Where(cell => cell.Task is not null)
            .Select(cell => (cell.Task!, cell.CellId, cell.Source));
}

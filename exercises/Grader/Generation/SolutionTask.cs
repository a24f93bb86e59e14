using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// A task of the reference solution, as a notebook's your-turn cell shows it: the method under its
/// <c>// Task X.Y: title</c> comment, and the members of its class that the method uses (the tile size of task 10.3),
/// which a notebook, having no class, must declare beside it.
/// </summary>
public sealed partial record SolutionTask(string Id, string Title, string FileName, string MethodName,
    MethodDeclarationSyntax Method, IReadOnlyList<MemberDeclarationSyntax> UsedMembers)
{
    /// <summary>Every task of <c>Solution/Exercises</c>, in task order.</summary>
    public static IReadOnlyList<SolutionTask> ReadAll(CourseLayout layout)
    {
        var tasks = CourseLayout.SourceFiles(layout.SolutionExercises)
            .SelectMany(file => Read(File.ReadAllText(file.Full), file.Relative))
            .OrderBy(task => task.Id, TaskIdComparer.Instance)
            .ToList();
        if (tasks.GroupBy(task => task.Id).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new GraderException($"task {twice.Key} is declared twice: in {string.Join(" and ", twice.Select(task => task.FileName))}");
        }
        return tasks;
    }

    /// <summary>The tasks of one exercise file: each method whose leading comments hold a task comment.</summary>
    public static IEnumerable<SolutionTask> Read(string text, string fileName)
    {
        var root = CSharpSyntaxTree.ParseText(text, path: fileName).GetCompilationUnitRoot();
        foreach (var type in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            var helpers = type.Members.Where(member => TaskComment(member) is null).ToList();
            foreach (var method in type.Members.OfType<MethodDeclarationSyntax>())
            {
                if (TaskComment(method) is not { } comment)
                {
                    continue;
                }
                var used = method.DescendantNodes().OfType<IdentifierNameSyntax>().Select(name => name.Identifier.ValueText).ToHashSet();
                var usedMembers = helpers.Where(member => DeclaredNames(member).Any(used.Contains)).ToList();
                yield return new SolutionTask(comment.Id, comment.Title, fileName, method.Identifier.ValueText, method, usedMembers);
            }
        }
    }

    private static (string Id, string Title)? TaskComment(MemberDeclarationSyntax member) =>
        member.GetLeadingTrivia().Where(trivia => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
            .Select(trivia => TaskCatalog.TaskComment().Match(trivia.ToString()))
            .Where(match => match.Success)
            .Select(match => ((string Id, string Title)?)(match.Groups["id"].Value, match.Groups["title"].Value.Trim()))
            .FirstOrDefault();

    private static IEnumerable<string> DeclaredNames(MemberDeclarationSyntax member) => member switch
    {
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(variable => variable.Identifier.ValueText),
        MethodDeclarationSyntax method => [method.Identifier.ValueText],
        PropertyDeclarationSyntax property => [property.Identifier.ValueText],
        _ => [],
    };
}

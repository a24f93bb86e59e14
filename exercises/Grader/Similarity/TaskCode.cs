using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Similarity;

/// <summary>A token of a task's code as it is compared (<see cref="Kind"/>), and where it stands in its file.</summary>
/// <param name="Kind">A hash of the normalised token: every identifier is "id", every number "num", every string or
/// character "str"; keywords and punctuation stay themselves.</param>
/// <param name="Start">The first character of the token in the file.</param>
/// <param name="End">One past its last character.</param>
public readonly record struct CodeToken(ulong Kind, int Start, int End);

/// <summary>
/// One task's code in one submission: the body of the task's method (the signature is the starter's, the same for
/// everyone) as normalised tokens, and the file's text, to show where they are.
/// </summary>
public sealed record TaskCode(string Task, string File, string Text, int MethodStart, int MethodEnd, IReadOnlyList<CodeToken> Tokens)
{
    /// <summary>
    /// The tasks' code in a submission's exercise files, picked as the grader picks them (<see cref="SubmissionFiles"/>).
    /// Quick questions are left out (their code is one answer, the same for everyone who got it right), and so is a
    /// task whose method the submission lacks. Comments and layout are not tokens, so they change nothing.
    /// </summary>
    /// <remarks>
    /// Only the task's own method is read, not the helpers it calls. Roslyn only parses here (it binds nothing), and
    /// it reports nesting too deep for its stack as an error instead of overflowing; the thread that calls this
    /// should still have a large stack (<see cref="SimilarityAnalysis"/> gives it one), as the compile worker's has.
    /// </remarks>
    public static IReadOnlyList<TaskCode> Read(IReadOnlyDictionary<string, SourceFile> files, IReadOnlyList<SolutionTask> tasks)
    {
        var found = new List<TaskCode>();
        foreach (var group in tasks.Where(task => !TaskCatalog.IsQuestion(task.Id)).GroupBy(task => task.FileName))
        {
            if (!files.TryGetValue(group.Key, out var file))
            {
                continue;
            }
            var methods = CSharpSyntaxTree.ParseText(file.Text).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();
            foreach (var task in group)
            {
                var method = methods.FirstOrDefault(candidate => candidate.Identifier.ValueText == task.MethodName && candidate.Modifiers.Any(SyntaxKind.PublicKeyword))
                    ?? methods.FirstOrDefault(candidate => candidate.Identifier.ValueText == task.MethodName);
                var body = (SyntaxNode?)method?.Body ?? method?.ExpressionBody;
                if (method is not null && body is not null)
                {
                    found.Add(new TaskCode(task.Id, file.Path, file.Text, method.SpanStart, method.Span.End, Normalise(body)));
                }
            }
        }
        return found;
    }

    /// <summary>The tokens of a piece of code with identifiers and literals normalised, so that renaming changes nothing.</summary>
    public static IReadOnlyList<CodeToken> Normalise(SyntaxNode code) =>
        code.DescendantTokens().Where(token => token.Span.Length > 0)
            .Select(token => new CodeToken(Hash(KindOf(token)), token.SpanStart, token.Span.End))
            .ToList();

    private static string KindOf(SyntaxToken token) => token.Kind() switch
    {
        SyntaxKind.IdentifierToken => "id",
        SyntaxKind.NumericLiteralToken => "num",
        SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringTextToken
            or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
            or SyntaxKind.Utf8StringLiteralToken => "str",
        var kind => kind.ToString(),
    };

    // FNV-1a, 64 bits: a stable number for each kind of token (string.GetHashCode changes from run to run).
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in text)
        {
            hash = (hash ^ character) * 1099511628211UL;
        }
        return hash;
    }
}

using DeepLearning.Grading.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepLearning.Grading.Building;

/// <summary>
/// Grading per member, not per chapter file: a method of the starter that a submitted file lacks altogether (an old
/// submission, from before its task was added) is put back as its stub, so that the file still compiles, its task
/// fails with a message naming the member, and every other task of the file is graded as usual. The tests of other
/// tasks that call it meet the stub's NotImplementedException, as they would meet the learner's unwritten stub.
/// </summary>
/// <remarks>
/// Only a method that is missing by name, from a class the file declares, is put back: a method with the same name
/// and another signature may be what the learner's own code calls, and an overload beside it could change which
/// one that is, so such a file (and a missing type or property) goes to the starter's stub as before. The stub is
/// written from the starter's symbol with fully qualified types (the submission's usings may differ) on the line of
/// the class's closing brace, so no line of the learner's file moves in a compiler message or a stack trace.
/// </remarks>
public static class MissingMembers
{
    /// <summary>A member put back: the file, its task (null when the member belongs to none) and what the learner is told.</summary>
    public sealed record Restored(string File, string? Task, string Message);

    private static readonly SymbolDisplayFormat s_declaration = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Included,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeRef,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue
            | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeExtensionThis,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// Puts back into <paramref name="chosen"/> each missing starter member that can be, adding what it did to
    /// <paramref name="restored"/>, and returns those it could not put back.
    /// </summary>
    /// <param name="missing">Starter surface entries the submission lacks (their symbols are the starter's).</param>
    /// <param name="submission">The compiled submission.</param>
    /// <param name="chosen">The files being compiled, by name; changed in place.</param>
    /// <param name="starter">The starter's files, for the task each member belongs to.</param>
    /// <param name="restored">Receives one entry a member put back.</param>
    public static IReadOnlyList<PublicSurface.Entry> Restore(IReadOnlyList<PublicSurface.Entry> missing, Compilation submission,
        Dictionary<string, SourceFile> chosen, IReadOnlyList<SourceFile> starter, List<Restored> restored)
    {
        var left = new List<PublicSurface.Entry>();
        var insertions = new Dictionary<string, List<(int Position, string Text)>>();
        foreach (var entry in missing)
        {
            if (entry.Symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false } method
                || submission.GetTypeByMetadataName(MetadataName(method.ContainingType)) is not { } type
                || type.GetMembers(method.Name).Length > 0
                || !chosen.ContainsKey(entry.File)
                || ClassIn(type, entry.File) is not { } declaration)
            {
                left.Add(entry);
                continue;
            }
            var task = starter.Where(file => file.Path == entry.File)
                .SelectMany(file => SolutionTask.Read(file.Text, file.Path))
                .FirstOrDefault(candidate => candidate.MethodName == method.Name);
            var stubMessage = task is null ? $"{type.Name}.{method.Name} is missing from the submission" : $"{TaskCatalog.Kind(task.Id)} {task.Id}: {task.Title}";
            var stub = $" {method.ToDisplayString(s_declaration)} => throw new global::System.NotImplementedException({Quote(stubMessage)}); ";
            (insertions.TryGetValue(entry.File, out var list) ? list : insertions[entry.File] = []).Add((declaration.CloseBraceToken.SpanStart, stub));
            var consequence = task is null ? "the tests that call it fail" : $"{TaskCatalog.Kind(task.Id).ToLowerInvariant()} {task.Id} scores 0";
            restored.Add(new Restored(entry.File, task?.Id, $"{type.Name}.{method.Name} is missing from your {Path.GetFileName(entry.File)}: {consequence}"));
        }
        foreach (var (file, list) in insertions)
        {
            var text = chosen[file].Text;
            foreach (var (position, stub) in list.OrderByDescending(insertion => insertion.Position))
            {
                text = text.Insert(position, stub);
            }
            chosen[file] = chosen[file] with { Text = text };
        }
        return left;
    }

    // The class's declaration in that file: where the stub goes.
    private static TypeDeclarationSyntax? ClassIn(INamedTypeSymbol type, string file) =>
        type.DeclaringSyntaxReferences.Where(reference => reference.SyntaxTree.FilePath == file)
            .Select(reference => reference.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault();

    // "DeepLearning.Exercises.Layers", with '+' before a nested type's name, as GetTypeByMetadataName wants it.
    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? $"{MetadataName(outer)}+{type.MetadataName}"
        : type.ContainingNamespace is { IsGlobalNamespace: false } space ? $"{space.ToDisplayString()}.{type.MetadataName}"
        : type.MetadataName;

    private static string Quote(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}

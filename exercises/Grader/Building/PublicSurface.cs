using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DeepLearning.Grading.Building;

/// <summary>
/// The public surface of a compiled exercises assembly: every type and member that another assembly can see,
/// written as a signature ("static double DeepLearning.Exercises.ScalarAutograd.NumericalDerivative(Func&lt;double,
/// double&gt;, double)"). A submission must have exactly the starter's: every starter member (else the tests,
/// compiled against the starter, cannot call it) and nothing more (a public <c>Assert</c> in the exercises'
/// namespace would otherwise be what the tests' <c>Assert</c> means). Assembly-level attributes
/// (<c>InternalsVisibleTo</c>, type forwarders) are not allowed either.
/// </summary>
public static class PublicSurface
{
    // What binds at run time: kind, static, containing type, name, arity, parameter types and ref kinds, return
    // type. Not parameter names, default values, tuple element names or nullable annotations, which do not.
    private static readonly SymbolDisplayFormat s_signature = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeContainingType
            | SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeRef,
        kindOptions: SymbolDisplayKindOptions.IncludeMemberKeyword | SymbolDisplayKindOptions.IncludeTypeKeyword,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeExtensionThis,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    /// <summary>An element of the surface: its signature, the symbol, and the file that declares it.</summary>
    public sealed record Entry(string Signature, ISymbol Symbol, string File);

    /// <summary>Every externally visible type and member of the compilation's own source, by signature.</summary>
    public static IReadOnlyDictionary<string, Entry> Of(Compilation compilation)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        void Add(ISymbol symbol)
        {
            var signature = symbol is ITypeSymbol type ? $"type {type.ToDisplayString(s_signature)}" : symbol.ToDisplayString(s_signature);
            entries.TryAdd(signature, new Entry(signature, symbol, symbol.Locations.FirstOrDefault(location => location.IsInSource)?.SourceTree?.FilePath ?? ""));
        }
        void Visit(INamespaceOrTypeSymbol container)
        {
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceSymbol space)
                {
                    Visit(space);
                }
                else if (!member.IsImplicitlyDeclared && IsVisibleOutside(member))
                {
                    Add(member);
                    if (member is INamedTypeSymbol nested)
                    {
                        Visit(nested);
                    }
                }
            }
        }
        Visit(compilation.Assembly.GlobalNamespace);
        return entries;
    }

    /// <summary>The assembly- and module-level attributes written in the source (InternalsVisibleTo and the like).</summary>
    public static IReadOnlyList<AttributeListSyntax> AssemblyAttributes(Compilation compilation) =>
        compilation.SyntaxTrees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<AttributeListSyntax>())
            .Where(list => list.Target?.Identifier.Kind() is SyntaxKind.AssemblyKeyword or SyntaxKind.ModuleKeyword)
            .ToList();

    /// <summary>
    /// The sources with each extra declaration made internal (so nothing outside the assembly can see it, and the
    /// code that uses it still compiles) and each assembly-level attribute blanked out. Line numbers do not move.
    /// </summary>
    public static IReadOnlyList<SourceFile> Confine(IReadOnlyList<SourceFile> sources, Compilation compilation, IEnumerable<Entry> extras)
    {
        var changes = new Dictionary<string, List<TextChange>>(StringComparer.Ordinal);
        void Change(SyntaxTree tree, TextChange change) =>
            (changes.TryGetValue(tree.FilePath, out var list) ? list : changes[tree.FilePath] = []).Add(change);
        foreach (var extra in extras)
        {
            foreach (var reference in extra.Symbol.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax();
                // A field's symbol is its declarator; the modifiers sit on the declaration around it.
                var declaration = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault();
                if (declaration is null)
                {
                    continue;
                }
                var access = declaration.Modifiers.Where(token => token.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword).ToList();
                if (access.Count > 0)
                {
                    Change(reference.SyntaxTree, new TextChange(TextSpan.FromBounds(access[0].SpanStart, access[^1].Span.End), "internal"));
                }
            }
        }
        foreach (var list in AssemblyAttributes(compilation))
        {
            var text = list.ToString();
            Change(list.SyntaxTree, new TextChange(list.Span, new string(text.Select(character => character is '\n' or '\r' ? character : ' ').ToArray())));
        }
        return sources.Select(source => changes.TryGetValue(source.Path, out var list)
            ? source with { Text = SourceText.From(source.Text).WithChanges(list.DistinctBy(change => change.Span).OrderBy(change => change.Span.Start)).ToString() }
            : source).ToList();
    }

    /// <summary>How an extra declaration is named in a message: "public type DeepLearning.Exercises.Assert".</summary>
    public static string Describe(Entry entry) =>
        entry.Symbol is ITypeSymbol ? $"public type {entry.Symbol.ToDisplayString()}" : $"public {entry.Symbol.Kind.ToString().ToLowerInvariant()} {entry.Symbol.ToDisplayString()}";

    private static bool IsVisibleOutside(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }
        return true;
    }
}

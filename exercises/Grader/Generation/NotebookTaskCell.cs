using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// The source of a your-turn cell, made from a <see cref="SolutionTask"/>: for the learner, the task comment, its
/// documentation as the hint, the signature and a throw that names the task (the starter's stub); for the teacher,
/// the same with the reference body. Both come from the one marker reader, <see cref="SolutionRegions"/>.
/// </summary>
/// <remarks>
/// A notebook cell is a C# script: it has no class, so the method loses <c>public static</c> and the members it
/// uses come with it; its documentation becomes plain comment text (a notebook shows no XML tooltips); and it
/// compiles without a nullable context, where an annotation such as <c>Tensor?</c> is warning CS8632 in front of the
/// learner, so reference types lose their <c>?</c> (a delegate's type is the same with or without it).
/// </remarks>
public static partial class NotebookTaskCell
{
    public static string Learner(SolutionTask task) => Render(task, SolutionRegions.Strip);

    public static string Teacher(SolutionTask task) => Render(task, SolutionRegions.Reveal);

    private static string Render(SolutionTask task, Func<string, string, string> regions)
    {
        var members = task.UsedMembers.Append(task.Method).Select(AsScriptMember);
        return regions(string.Join("\n", members), task.FileName).TrimEnd('\n');
    }

    /// <summary>A class member as a top-level script member, dedented, ending with a newline.</summary>
    private static string AsScriptMember(MemberDeclarationSyntax member)
    {
        var leading = member.GetLeadingTrivia();
        var script = (MemberDeclarationSyntax)new ScriptMemberRewriter().Visit(member)!;
        script = script.WithModifiers(SyntaxFactory.TokenList(script.Modifiers.Where(modifier => !modifier.IsKind(SyntaxKind.PublicKeyword) && !modifier.IsKind(SyntaxKind.StaticKeyword))))
            .WithLeadingTrivia(leading);
        var lines = script.ToFullString().Replace("\r\n", "\n").TrimEnd().Split('\n').SkipWhile(string.IsNullOrWhiteSpace).ToList();
        var indentation = lines[0][..(lines[0].Length - lines[0].TrimStart().Length)];
        var output = new StringBuilder();
        var documentation = new List<string>();
        foreach (var line in lines.Select(line => line.StartsWith(indentation, StringComparison.Ordinal) ? line[indentation.Length..] : line.TrimStart()))
        {
            if (line.StartsWith("///", StringComparison.Ordinal))
            {
                documentation.Add(line[3..].TrimStart());
                continue;
            }
            foreach (var hint in PlainText(documentation))
            {
                output.Append("// ").Append(hint).Append('\n');
            }
            documentation.Clear();
            output.Append(line).Append('\n');
        }
        return output.ToString();
    }

    /// <summary>XML documentation as the text a reader sees: tags dropped, references by name.</summary>
    private static IEnumerable<string> PlainText(List<string> documentation)
    {
        var text = string.Join("\n", documentation);
        text = Reference().Replace(text, match => match.Groups["name"].Value);
        text = Tag().Replace(text, "");
        text = text.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
        return text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);
    }

    [GeneratedRegex("""<(see|paramref|typeparamref)\s+(cref|name)="(?<name>[^"]+)"\s*/>""")]
    private static partial Regex Reference();

    [GeneratedRegex("</?[a-z]+[^>]*>")]
    private static partial Regex Tag();

    /// <summary>Drops the <c>?</c> of nullable reference types; value types keep theirs (<c>int?</c> is another type).</summary>
    private sealed class ScriptMemberRewriter : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitNullableType(NullableTypeSyntax node) =>
            node.ElementType is PredefinedTypeSyntax { Keyword.ValueText: not ("string" or "object") } or TupleTypeSyntax
                ? base.VisitNullableType(node)
                : node.ElementType.WithTriviaFrom(node);
    }
}

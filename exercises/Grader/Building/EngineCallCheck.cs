using DeepLearning.Grading.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepLearning.Grading.Building;

/// <summary>
/// Finds, in a compiled submission, the tasks that call what they ask the learner to write: each task's method
/// is walked with Roslyn's semantic model (calls, method groups, properties, constructors, operators), and so is
/// every method of the submission it reaches, so a private helper cannot hide the call. The members a task
/// forbids are its list in the starter (<see cref="NotAllowedMembers"/>), never the submission's copy of it.
/// </summary>
public static class EngineCallCheck
{
    /// <summary>Task id → why its tests fail: the first forbidden use found, nearest to the task's method first.</summary>
    public static IReadOnlyDictionary<string, string> Find(Compilation compilation, IReadOnlyList<SourceFile> starter)
    {
        var lists = NotAllowedMembers.Read(starter.Select(file => file.Text));
        var violations = new Dictionary<string, string>();
        if (lists.Count == 0)
        {
            return violations;
        }
        var engine = typeof(Tensor).Assembly.GetName().Name;
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        SemanticModel ModelOf(SyntaxTree tree) => models.TryGetValue(tree, out var model) ? model : models[tree] = compilation.GetSemanticModel(tree);
        foreach (var file in starter)
        {
            var tree = compilation.SyntaxTrees.FirstOrDefault(candidate => candidate.FilePath == file.Path);
            foreach (var task in SolutionTask.Read(file.Text, file.Path).Where(task => lists.ContainsKey(task.Id)))
            {
                var forbidden = lists[task.Id].Select(NotAllowedMembers.Resolve).ToList();
                var methods = tree?.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                    .Where(method => method.Identifier.ValueText == task.MethodName && ModelOf(tree).GetDeclaredSymbol(method)?.DeclaredAccessibility == Accessibility.Public)
                    .ToList() ?? [];
                if (FirstUse(methods, forbidden, engine, ModelOf) is { } use)
                {
                    var line = use.Location.GetLineSpan();
                    var where = line.Path == file.Path ? "" : $" of {Path.GetFileName(line.Path)}";
                    violations[task.Id] = $"Task {task.Id} asks you to write {task.Title} yourself: {use.What} on line {line.StartLinePosition.Line + 1}{where} is not allowed here";
                }
            }
        }
        return violations;
    }

    private sealed record Use(string What, Location Location);

    // Breadth first from the task's method: its own uses, then those of the submission's methods it reaches.
    private static Use? FirstUse(IEnumerable<SyntaxNode> roots, IReadOnlyList<NotAllowedMembers.Entry> forbidden, string? engine, Func<SyntaxTree, SemanticModel> modelOf)
    {
        var queue = new Queue<SyntaxNode>(roots);
        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        while (queue.TryDequeue(out var root))
        {
            var model = modelOf(root.SyntaxTree);
            foreach (var node in root.DescendantNodes().Where(IsUse))
            {
                if (model.GetSymbolInfo(node).Symbol is not { } symbol)
                {
                    continue;
                }
                symbol = symbol is IMethodSymbol { ReducedFrom: { } extension } ? extension : symbol.OriginalDefinition;
                if (symbol.ContainingAssembly?.Name == engine && Matches(symbol, forbidden))
                {
                    return new Use(Describe(symbol), node.GetLocation());
                }
                if (symbol is IMethodSymbol or IPropertySymbol && SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, model.Compilation.Assembly) && visited.Add(symbol))
                {
                    foreach (var declaration in symbol.DeclaringSyntaxReferences)
                    {
                        queue.Enqueue(declaration.GetSyntax());
                    }
                }
            }
        }
        return null;
    }

    // The nodes that can stand for a member: a name (call, method group, property), a constructor call, an
    // operator, an indexer.
    private static bool IsUse(SyntaxNode node) =>
        node is SimpleNameSyntax or BaseObjectCreationExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
            or AssignmentExpressionSyntax or ElementAccessExpressionSyntax;

    private static bool Matches(ISymbol symbol, IReadOnlyList<NotAllowedMembers.Entry> forbidden)
    {
        if (symbol is ITypeSymbol || symbol.ContainingType is not { } type)
        {
            return false;
        }
        var typeName = $"{type.ContainingNamespace.ToDisplayString()}.{type.MetadataName}";
        return forbidden.Any(entry => entry.TypeFullName == typeName && (entry.Member is null || entry.Member == symbol.Name));
    }

    private static string Describe(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } => $"the call to new {symbol.ContainingType.Name}",
        IMethodSymbol => $"the call to {symbol.ContainingType.Name}.{symbol.Name}",
        _ => $"the use of {symbol.ContainingType.Name}.{symbol.Name}",
    };
}

using Microsoft.CodeAnalysis;

namespace DeepLearning.Grading.Building;

/// <summary>
/// Compiles a submission's exercise files into Course.Exercises.dll, in the compile worker. A method of the
/// starter that a file lacks altogether is put back as its stub (<see cref="MissingMembers"/>): only its task fails.
/// A chapter that does not compile, or that lacks another part of the starter's public surface (the tests call it),
/// is replaced by its stub. An assembly that defines more than the starter's public surface, or any assembly-level attribute
/// (InternalsVisibleTo), is rejected and built again with those declarations made internal and the attributes
/// blanked out: nothing the learner adds can be seen by the tests, and nothing honest is lost.
/// </summary>
public static class ExerciseCompilation
{
    public const string AssemblyName = "Course.Exercises";
    private const int MaxErrorsShown = 8;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<string, PublicSurface.Entry>> s_starterSurfaces = new();

    /// <summary>What to compile: the submitted exercise files by name, and the starter's, for stubs and the surface.</summary>
    public sealed record Request(IReadOnlyList<SourceFile> Submitted, IReadOnlyList<SourceFile> Starter, string ImagePath);

    /// <summary>
    /// The assembly written to the request's image path, per stubbed chapter the reason, what was rejected, the
    /// watched APIs it uses (<see cref="WatchedApis"/>), per task that calls an engine member its list forbids,
    /// the reason (<see cref="EngineCallCheck"/>), and the members put back as stubs because the submission lacks them.
    /// </summary>
    public sealed record Result(IReadOnlyDictionary<string, string> ChaptersNotCompiled, IReadOnlyList<string> Rejected, IReadOnlyList<string> Watched,
        IReadOnlyDictionary<string, string> EngineCalls, IReadOnlyList<MissingMembers.Restored> MissingMembers);

    public static Result Build(Request request, Action<string> progress)
    {
        var starter = request.Starter.ToDictionary(file => file.Path);
        var submitted = request.Submitted.ToDictionary(file => file.Path);
        var chosen = starter.ToDictionary(pair => pair.Key, pair => submitted.GetValueOrDefault(pair.Key) ?? pair.Value);
        var references = CSharpCompiler.ExerciseReferences();
        var starterSurface = StarterSurface(request.Starter, references);
        var notCompiled = new Dictionary<string, string>();
        var rejected = new List<string>();
        var restored = new List<MissingMembers.Restored>();
        var confined = false;
        // Each round either succeeds, confines once, or sends at least one submitted file back to its stub: it ends.
        while (true)
        {
            var compiled = CSharpCompiler.Compile(AssemblyName, chosen.Values.ToList(), references, [], progress: progress);
            if (!compiled.Success)
            {
                var what = confined ? "did not compile once its extra public declarations were made internal" : "did not compile";
                ReplaceByStubs(compiled.Errors.GroupBy(error => FileOf(error, chosen)), what, chosen, starter, notCompiled);
                continue;
            }
            var surface = PublicSurface.Of(compiled.Compilation);
            var missing = starterSurface.Values.Where(entry => !surface.ContainsKey(entry.Signature)).ToList();
            if (missing.Count > 0)
            {
                // Methods missing altogether come back as stubs first; what cannot, sends its chapter to the stub.
                var left = MissingMembers.Restore(missing, compiled.Compilation, chosen, request.Starter, restored);
                if (left.Count < missing.Count)
                {
                    continue;
                }
                ReplaceByStubs(left.GroupBy(entry => entry.File, entry => $"{Path.GetFileName(entry.File)}: {entry.Signature} is missing or has another signature"),
                    "does not have the starter's public signatures, which the tests call (did a signature change?)", chosen, starter, notCompiled);
                continue;
            }
            var extras = surface.Values.Where(entry => !starterSurface.ContainsKey(entry.Signature)).ToList();
            var outermost = extras.Where(entry => !extras.Any(outer => SymbolEqualityComparer.Default.Equals(outer.Symbol, entry.Symbol.ContainingType))).ToList();
            var attributes = PublicSurface.AssemblyAttributes(compiled.Compilation);
            if (outermost.Count > 0 || attributes.Count > 0)
            {
                if (confined)
                {
                    ReplaceByStubs(outermost.GroupBy(entry => entry.File, entry => PublicSurface.Describe(entry)), "still defines more than the starter's public surface", chosen, starter, notCompiled);
                    continue;
                }
                rejected.AddRange(outermost.Select(entry =>
                    $"{Path.GetFileName(entry.File)}: {PublicSurface.Describe(entry)} is not part of the starter's public surface: rejected (compiled as internal, so no test can see it)"));
                rejected.AddRange(attributes.Select(list =>
                    $"{Path.GetFileName(list.SyntaxTree.FilePath)}({list.GetLocation().GetLineSpan().StartLinePosition.Line + 1}): the assembly attribute {list} is not allowed: rejected (removed)"));
                var sources = PublicSurface.Confine(chosen.Values.ToList(), compiled.Compilation, outermost);
                chosen = sources.ToDictionary(file => file.Path);
                confined = true;
                continue;
            }
            File.WriteAllBytes(request.ImagePath, compiled.Image!);
            // A member put back in a file that then went to its stub altogether is told as the chapter's reason.
            var stillMissing = restored.Where(member => !notCompiled.ContainsKey(CourseLayout.ChapterOf(member.File) ?? member.File)).ToList();
            return new Result(notCompiled, rejected, WatchedApis.In(compiled.Image!), EngineCallCheck.Find(compiled.Compilation, request.Starter), stillMissing);
        }
    }

    // The starter's surface, computed once per worker and starter.
    private static IReadOnlyDictionary<string, PublicSurface.Entry> StarterSurface(IReadOnlyList<SourceFile> starter, IReadOnlyList<MetadataReference> references)
    {
        var key = string.Join("\0", starter.Select(file => $"{file.Path}\0{file.Text}"));
        return s_starterSurfaces.GetOrAdd(key, _ =>
        {
            var compiled = CSharpCompiler.Compile(AssemblyName, starter, references, []);
            return compiled.Success
                ? PublicSurface.Of(compiled.Compilation)
                : throw new GraderException($"the starter does not compile:\n{string.Join("\n", compiled.Errors.Take(MaxErrorsShown).Select(CSharpCompiler.Format))}");
        });
    }

    // Errors are mapped to files by name; an error outside the exercise files (a global using) counts against all.
    private static string FileOf(Diagnostic error, IReadOnlyDictionary<string, SourceFile> chosen)
    {
        var path = error.Location.GetLineSpan().Path ?? "";
        return chosen.ContainsKey(path) ? path : "";
    }

    private static void ReplaceByStubs(IEnumerable<IGrouping<string, object>> reasonsByFile, string what, Dictionary<string, SourceFile> chosen,
        IReadOnlyDictionary<string, SourceFile> starter, Dictionary<string, string> notCompiled)
    {
        var replaced = false;
        foreach (var group in reasonsByFile)
        {
            var files = chosen.Keys.Where(name => group.Key.Length == 0 || name == group.Key).ToList();
            var reasons = group.Select(reason => reason is Diagnostic diagnostic ? CSharpCompiler.Format(diagnostic) : reason.ToString()!).ToList();
            foreach (var name in files.Where(name => chosen[name].Text != starter[name].Text))
            {
                chosen[name] = starter[name];
                var chapter = CourseLayout.ChapterOf(name) ?? name;
                var more = reasons.Count > MaxErrorsShown ? $"\n... and {reasons.Count - MaxErrorsShown} more" : "";
                notCompiled[chapter] = $"{name} {what}, so chapter {chapter} was graded as not implemented:\n{string.Join("\n", reasons.Take(MaxErrorsShown))}{more}";
                replaced = true;
            }
        }
        if (!replaced)
        {
            throw new GraderException($"the starter itself does not build as the grader needs it:\n{string.Join("\n", reasonsByFile.SelectMany(group => group).Take(MaxErrorsShown))}");
        }
    }
}

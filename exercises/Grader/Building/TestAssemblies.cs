using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Building;

/// <summary>
/// The grader's own tests, compiled in the grader's process (they are the course's code, not a learner's) against
/// the <em>starter's</em> exercises assembly: a test can only ever bind to the framework, the engine, the tests'
/// support code and the starter's public signatures, whatever a submission declares. Visible and hidden tests are
/// two assemblies, run in different hosts: the visible one has no hidden test in it, so a visible host never has
/// a hidden test to find. The tests are listed here too, by loading the assemblies beside the starter in a
/// throwaway load context, so that the grader knows every test, its task, weight and hint without asking a process
/// that runs learner code. A compiled set is kept in memory and, when the grader runs behind a boundary, on disk
/// (<see cref="TestAssemblyCache"/>).
/// </summary>
public static class TestAssemblies
{
    public const string VisibleName = "Course.Exercises.Tests";
    public const string HiddenName = "Course.Exercises.HiddenTests";

    private static readonly ConcurrentDictionary<string, Lazy<Set>> s_cache = new();

    /// <summary>The compiled tests of a course and the tests they hold, in declaration order.</summary>
    public sealed record Set(byte[] Visible, byte[] Hidden, IReadOnlyList<TestCaseInfo> VisibleTests, IReadOnlyList<TestCaseInfo> HiddenTests);

    /// <summary>The course's tests, compiled once per content of the course's files and build of the grader.</summary>
    public static Set For(CourseLayout layout, bool diskCache = false)
    {
        var starter = SubmissionBuilder.StarterFiles(layout).Values.ToList();
        var tests = CourseLayout.SourceFiles(layout.SolutionTests).Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Full))).ToList();
        var usings = CSharpCompiler.ProjectUsings(Path.Combine(layout.SolutionTests, $"{VisibleName}.csproj"));
        var grader = $"{typeof(TestAssemblies).Assembly.ManifestModule.ModuleVersionId}\0{typeof(CSharpCompilation).Assembly.GetName().Version}";
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\0", starter.Concat(tests).Select(file => $"{file.Path}\0{file.Text}").Prepend(grader)))));
        return s_cache.GetOrAdd(key, _ => new Lazy<Set>(() =>
        {
            if (diskCache && TestAssemblyCache.Load(key) is { } cached)
            {
                return cached;
            }
            var set = Compile(starter, tests, usings);
            if (diskCache)
            {
                TestAssemblyCache.Save(key, set);
            }
            return set;
        })).Value;
    }

    private static Set Compile(IReadOnlyList<SourceFile> starter, IReadOnlyList<SourceFile> tests, IReadOnlyList<string> usings)
    {
        var stubs = CSharpCompiler.Compile(ExerciseCompilation.AssemblyName, starter, CSharpCompiler.ExerciseReferences(), []);
        if (!stubs.Success)
        {
            throw new GraderException($"the starter does not compile:\n{string.Join("\n", stubs.Errors.Take(8).Select(CSharpCompiler.Format))}");
        }
        var references = CSharpCompiler.LibraryReferences().Append(MetadataReference.CreateFromImage(stubs.Image!)).ToList();
        byte[] Build(string name, bool withHidden)
        {
            var sources = tests.Where(file => withHidden || !file.Path.StartsWith("Hidden/", StringComparison.Ordinal));
            var compiled = CSharpCompiler.Compile(name, sources, references, usings);
            return compiled.Image ?? throw new GraderException($"the grader's tests do not compile against the starter:\n{string.Join("\n", compiled.Errors.Take(8).Select(CSharpCompiler.Format))}");
        }
        // The hidden tests use the visible files' helpers, so their assembly holds both; its host runs only the hidden ones.
        var visible = Build(VisibleName, withHidden: false);
        var hidden = Build(HiddenName, withHidden: true);
        return new Set(visible, hidden, List(stubs.Image!, visible).Where(test => !test.Hidden).ToList(), List(stubs.Image!, hidden).Where(test => test.Hidden).ToList());
    }

    // Loads the tests beside the starter's assembly (never a submission's) in a collectible context, and lists them.
    private static List<TestCaseInfo> List(byte[] starter, byte[] tests)
    {
        var context = new StarterContext(starter);
        try
        {
            return TestDiscovery.Discover(context.LoadFromStream(new MemoryStream(tests))).Select(test => test.Info).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class StarterContext(byte[] starter) : AssemblyLoadContext("dlc-grade-test-listing", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == ExerciseCompilation.AssemblyName ? LoadFromStream(new MemoryStream(starter)) : null;
    }
}

using NUnit.Framework;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeepLearning.Grading.Building;

/// <summary>A source file to compile: the name that diagnostics and stack traces show, and its text.</summary>
public sealed record SourceFile(string Path, string Text);

/// <summary>The result of a compilation: the assembly, or the errors, each with the file it is in; and the compilation itself, for its symbols.</summary>
public sealed record CompileResult(byte[]? Image, IReadOnlyList<Diagnostic> Errors, IReadOnlyList<Diagnostic> Warnings, CSharpCompilation Compilation)
{
    public bool Success => Image is not null;
}

/// <summary>
/// Compiles C# in process with Roslyn, as the SDK would compile the course's projects (C# latest, nullable,
/// implicit usings), against the grader's own engine, ILGPU and NUnit. No MSBuild runs, so nothing a submission
/// ships (a project file, a Directory.Build.props, a test file) can take part in the build, and a compile takes
/// a fraction of a second instead of several seconds.
/// </summary>
public static partial class CSharpCompiler
{
    /// <summary>The global usings that ImplicitUsings adds to a Microsoft.NET.Sdk project.</summary>
    private static readonly string[] s_implicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] s_preprocessorSymbols = ["NET", "NETCOREAPP", "NET10_0", "NET10_0_OR_GREATER", "RELEASE", "TRACE"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_platform = new(LoadPlatformReferences);

    /// <summary>
    /// Compiles a library. <paramref name="extraUsings"/> are the project's &lt;Using&gt; items; with
    /// <paramref name="checkDocumentation"/>, XML doc comments are checked as GenerateDocumentationFile does. With
    /// <paramref name="progress"/>, each file is parsed and then bound on its own, one after the other on the
    /// calling thread, and each step is announced first ("parse F", "bind F", then "emit"): if the compiler never
    /// returns, the last announcement names the file that it was working on.
    /// </summary>
    public static CompileResult Compile(string assemblyName, IEnumerable<SourceFile> sources, IEnumerable<MetadataReference> references,
        IEnumerable<string> extraUsings, bool checkDocumentation = false, Action<string>? progress = null)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest,
            checkDocumentation ? DocumentationMode.Diagnose : DocumentationMode.Parse, preprocessorSymbols: s_preprocessorSymbols);
        var globalUsings = string.Join("\n", s_implicitUsings.Concat(extraUsings).Distinct().Select(name => $"global using global::{name};"));
        // With an encoding, the source text can go into the PDB that gives stack traces their line numbers.
        SyntaxTree Parse(string text, string path) =>
            CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(text, System.Text.Encoding.UTF8), parseOptions, path);
        var trees = new List<SyntaxTree>();
        foreach (var source in sources)
        {
            progress?.Invoke($"parse {source.Path}");
            trees.Add(Parse(source.Text, source.Path));
        }
        trees.Add(Parse(globalUsings, $"{assemblyName}.GlobalUsings.g.cs"));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true,
                concurrentBuild: progress is null)
            // As Directory.Build.props: public members need not all carry XML docs.
            .WithSpecificDiagnosticOptions([new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress)]);
        var compilation = CSharpCompilation.Create(assemblyName, trees, s_platform.Value.Concat(references), options);
        if (progress is not null)
        {
            foreach (var tree in trees)
            {
                progress($"bind {tree.FilePath}");
                compilation.GetSemanticModel(tree).GetDiagnostics();
            }
            progress("emit");
        }
        using var image = new MemoryStream();
        // An embedded PDB gives file names and line numbers in the stack traces that failures show.
        var emitted = compilation.Emit(image, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.Embedded));
        var errors = emitted.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        var warnings = emitted.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Warning).ToList();
        return new CompileResult(emitted.Success ? image.ToArray() : null, errors, warnings, compilation);
    }

    /// <summary>The assemblies that tests may use, from the grader's own directory: engine, ILGPU, NUnit.</summary>
    public static IReadOnlyList<MetadataReference> LibraryReferences() =>
        [.. ExerciseReferences(), MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location)];

    /// <summary>
    /// The assemblies that exercises may use: the engine and ILGPU, as in their project file. Not NUnit: code under
    /// test has no business with the test framework (Assert.Pass, Assert.EnterMultipleScope).
    /// </summary>
    public static IReadOnlyList<MetadataReference> ExerciseReferences() =>
    [
        .. new[] { typeof(Tensor).Assembly, typeof(ILGPU.Context).Assembly, typeof(System.Numerics.Tensors.TensorPrimitives).Assembly }
            .Select(assembly => MetadataReference.CreateFromFile(assembly.Location)),
    ];

    /// <summary>The &lt;Using Include="..."/&gt; items of a project file.</summary>
    public static IReadOnlyList<string> ProjectUsings(string projectFile) =>
        UsingItem().Matches(File.ReadAllText(projectFile)).Select(match => match.Groups[1].Value).ToList();

    /// <summary>A diagnostic as the compiler prints it, with the file name only: "Chapter3.MatMulAndSoftmax.cs(12,9): error CS0103: ...".</summary>
    public static string Format(Diagnostic diagnostic) => diagnostic.ToString();

    // The running runtime's own assemblies stand in for the reference pack, so a machine with only the .NET
    // runtime (a Gradescope image) can grade.
    private static IReadOnlyList<MetadataReference> LoadPlatformReferences()
    {
        var directory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = new List<MetadataReference>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            try
            {
                AssemblyName.GetAssemblyName(file);
                references.Add(MetadataReference.CreateFromFile(file));
            }
            catch (BadImageFormatException)
            {
                // A native library with a .dll name: not a reference.
            }
        }
        return references;
    }

    [GeneratedRegex("""<Using\s+Include="([^"]+)"\s*/>""")]
    private static partial Regex UsingItem();
}

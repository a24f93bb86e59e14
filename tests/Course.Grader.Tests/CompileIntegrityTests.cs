using System.Reflection;
using DeepLearning.Grading.Building;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The compile-time integrity check on the exercises assembly (run here in process; the grader runs it in the
/// compile worker): the starter's public signatures, nothing more, and no assembly-level attributes.
/// </summary>
public sealed class CompileIntegrityTests
{
    private const string Chapter1 = "Chapter1.ScalarAutograd.cs";

    [Test]
    public void AnExtraPublicHelperIsRejectedYetTheCodeThatUsesItStillWorks()
    {
        var (result, assembly) = Build(text => text
            .Replace("return (b * outputGrad, a * outputGrad);", "return (Times(b, outputGrad), Times(a, outputGrad));")
            .Replace("public static class ScalarAutograd\n{", "public static class ScalarAutograd\n{\n    public static double Times(double x, double y) => x * y;\n"));
        Assert.That(result.ChaptersNotCompiled, Is.Empty);
        Assert.That(result.Rejected, Has.One.StartsWith("Chapter1.ScalarAutograd.cs: public method DeepLearning.Exercises.ScalarAutograd.Times(double, double) is not part of the starter's public surface: rejected"));
        var times = assembly.GetType("DeepLearning.Exercises.ScalarAutograd")!.GetMethod("Times", BindingFlags.Static | BindingFlags.NonPublic);
        Assert.That(times, Is.Not.Null.And.Property(nameof(MethodInfo.IsAssembly)).True, "compiled as internal");
    }

    [Test]
    public void AChangedSignatureSendsOnlyItsChapterToTheStub()
    {
        var (result, _) = Build(text => text.Replace("public static double TanhBackward(double x, double outputGrad)", "public static double TanhBackward(float x, double outputGrad)"));
        Assert.That(result.ChaptersNotCompiled.Keys, Is.EqualTo(new[] { "1" }));
        Assert.That(result.ChaptersNotCompiled["1"], Does.Contain("static double DeepLearning.Exercises.ScalarAutograd.TanhBackward(double, double) is missing or has another signature"));
    }

    [Test]
    public void AMissingMethodComesBackAsItsStubAndCostsOnlyItsTask()
    {
        var (result, assembly) = Build(text => RemoveMethod(text, "TanhBackward"));
        Assert.That(result.ChaptersNotCompiled, Is.Empty, "the rest of chapter 1 compiles and counts");
        Assert.That(result.MissingMembers, Is.EqualTo(new[] { new MissingMembers.Restored(Chapter1, "1.3", "ScalarAutograd.TanhBackward is missing from your Chapter1.ScalarAutograd.cs: task 1.3 scores 0") }));
        var type = assembly.GetType("DeepLearning.Exercises.ScalarAutograd")!;
        var stub = type.GetMethod("TanhBackward", [typeof(double), typeof(double)])!;
        var thrown = Assert.Throws<TargetInvocationException>(() => stub.Invoke(null, [0.5, 1.0]))!.InnerException;
        Assert.That(thrown, Is.TypeOf<NotImplementedException>().And.Message.EqualTo("Task 1.3: the backward of tanh"), "the starter's stub");
        var mulBackward = type.GetMethod("MulBackward")!;
        Assert.That(mulBackward.Invoke(null, [2.0, 3.0, 1.0]), Is.EqualTo((3.0, 2.0)), "the learner's other methods are theirs");
    }

    [Test]
    public void AssemblyAttributesAreRemoved()
    {
        var (result, assembly) = Build(text => text.Replace("namespace DeepLearning.Exercises;",
            "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Course.Exercises.Tests\")]\nnamespace DeepLearning.Exercises;"));
        Assert.That(result.Rejected, Has.One.Contains("the assembly attribute [assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Course.Exercises.Tests\")] is not allowed: rejected (removed)"));
        Assert.That(assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>(), Is.Empty);
        Assert.That(result.ChaptersNotCompiled, Is.Empty);
    }

    [Test]
    public void ExercisesCannotUseTheTestFramework()
    {
        var (result, _) = Build(text => text.Replace("return (b * outputGrad, a * outputGrad);", "NUnit.Framework.Assert.Pass(); return (b * outputGrad, a * outputGrad);"));
        Assert.That(result.ChaptersNotCompiled["1"], Does.Contain("error CS0103: The name 'NUnit' does not exist"), "NUnit is not among the exercises' references");
    }

    // The file without the method, its comments and documentation: a file from before the method's task existed.
    private static string RemoveMethod(string text, string name)
    {
        var method = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single(method => method.Identifier.ValueText == name);
        return text.Remove(method.FullSpan.Start, method.FullSpan.Length);
    }

    // Compiles the reference with Chapter 1 edited, as the worker would, and loads the result for inspection.
    private static (ExerciseCompilation.Result Result, Assembly Assembly) Build(Func<string, string> edit)
    {
        var layout = GradedSubmissions.Layout;
        var submitted = CourseLayout.SourceFiles(layout.SolutionExercises)
            .Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Full)))
            .Select(file => file.Path == Chapter1 ? file with { Text = edit(file.Text) } : file)
            .ToList();
        Assert.That(submitted.Single(file => file.Path == Chapter1).Text, Is.Not.EqualTo(File.ReadAllText(Path.Combine(layout.SolutionExercises, Chapter1))), "the edit applied");
        var image = Path.GetTempFileName();
        try
        {
            var result = ExerciseCompilation.Build(new ExerciseCompilation.Request(submitted, SubmissionBuilder.StarterFiles(layout).Values.ToList(), image), _ => { });
            var context = new System.Runtime.Loader.AssemblyLoadContext("integrity", isCollectible: true);
            return (result, context.LoadFromStream(new MemoryStream(File.ReadAllBytes(image))));
        }
        finally
        {
            File.Delete(image);
        }
    }
}

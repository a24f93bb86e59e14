using System.Diagnostics;
using DeepLearning.Grading.Building;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The check that a task does not call what it asks the learner to write (run here in process on the reference
/// with one chapter edited; the grader runs it in the compile worker), and the lists it reads.
/// </summary>
public sealed class EngineCallCheckTests
{
    private const string Chapter2 = "Chapter2.TensorBasics.cs";
    private const string Chapter5 = "Chapter5.Optimization.cs";
    private const string Chapter6 = "Chapter6.Convolution.cs";
    private const string Im2ColFirstLine = "        int batch = images.Size(0), channels = images.Size(1), height = images.Size(2), width = images.Size(3);\n        var outHeight";

    [Test]
    public void TheReferenceCallsNothingItsTasksForbid()
    {
        var layout = GradedSubmissions.Layout;
        var reference = CourseLayout.SourceFiles(layout.SolutionExercises).Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Full))).ToList();
        var compiled = CSharpCompiler.Compile(ExerciseCompilation.AssemblyName, reference, CSharpCompiler.ExerciseReferences(), []);
        var clock = Stopwatch.StartNew();
        Assert.That(EngineCallCheck.Find(compiled.Compilation, SubmissionBuilder.StarterFiles(layout).Values.ToList()), Is.Empty);
        // What the check adds to a grading: it binds only the tasks' methods and what they reach.
        TestContext.Progress.WriteLine($"checked the reference's {NotAllowedMembers.Read(reference.Select(file => file.Text)).Count} lists in {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Test]
    public void ADirectCallIsNamedWithItsLineInTheLearnersFile()
    {
        static string Edit(string text) => text.Replace(Im2ColFirstLine, "        return images.Im2Col(kernelSize, kernelSize, stride, padding);\n" + Im2ColFirstLine);
        var line = LineOf(Chapter6, "return images.Im2Col(kernelSize, kernelSize, stride, padding);", Edit);
        Assert.That(Check(Chapter6, Edit), Is.EqualTo(new Dictionary<string, string>
        {
            ["6.3"] = $"Task 6.3 asks you to write im2col yourself: the call to Tensor.Im2Col on line {line} is not allowed here",
        }), "only task 6.3: 6.4 calls Tensor.Im2Col too, and may");
    }

    [Test]
    public void AHelperOfTheSubmissionDoesNotHideTheCall()
    {
        static string Edit(string text) => text
            .Replace(Im2ColFirstLine, "        return Unfold(images, kernelSize);\n" + Im2ColFirstLine)
            .Replace("    // Task 6.4:", "    private static Tensor Unfold(Tensor images, int size) => Deeper(images, size);\n\n    private static Tensor Deeper(Tensor images, int size) =>\n        images.Im2Col(size, size);\n\n    // Task 6.4:");
        var violations = Check(Chapter6, Edit);
        Assert.That(violations.Keys, Is.EqualTo(new[] { "6.3" }));
        Assert.That(violations["6.3"], Does.EndWith($"the call to Tensor.Im2Col on line {LineOf(Chapter6, "images.Im2Col(size, size);", Edit)} is not allowed here"));
    }

    [Test]
    public void AMethodGroupAPropertyAndAConstructorCountAsUses()
    {
        var methodGroup = Check(Chapter6, text => text.Replace(Im2ColFirstLine, "        Func<int, int, int, int, Tensor> unfold = images.Im2Col;\n        return unfold(kernelSize, kernelSize, stride, padding);\n" + Im2ColFirstLine));
        Assert.That(methodGroup["6.3"], Does.Contain("the call to Tensor.Im2Col on line"));
        var property = Check(Chapter2, text => text.Replace("        var strides = new int[shape.Length];", "        return Tensor.Zeros(shape).Strides;\n        var strides = new int[shape.Length];"));
        Assert.That(property["2.1"], Does.Contain("the use of Tensor.Strides on line"));
        var constructor = Check(Chapter5, text => text.Replace("        var correction1 = 1 - MathF.Pow(beta1, step);",
            "        _ = new DeepLearning.Optim.Adam([Tensor.FromArray(parameters, [parameters.Length])]);\n        var correction1 = 1 - MathF.Pow(beta1, step);"));
        Assert.That(constructor["5.2"], Does.Contain("the call to new Adam on line"));
    }

    [Test]
    public void AtLeastFifteenTasksCarryAListAndEveryListedMemberIsInTheEngine()
    {
        var lists = NotAllowedMembers.Read(CourseLayout.SourceFiles(GradedSubmissions.Layout.SolutionExercises).Select(file => File.ReadAllText(file.Full)));
        Assert.That(lists, Has.Count.GreaterThanOrEqualTo(15));
        Assert.That(lists.Values.SelectMany(names => names).Select(NotAllowedMembers.Resolve).ToList(), Has.All.Not.Null);
        Assert.That(() => NotAllowedMembers.Resolve("Tensor.Im2Cols"), Throws.TypeOf<GraderException>().With.Message.Contains("has no public member Im2Cols"));
        Assert.That(() => NotAllowedMembers.Resolve("Conv3d"), Throws.TypeOf<GraderException>().With.Message.Contains("0 public types named Conv3d"));
    }

    [Test]
    public void TheStarterCarriesTheLists()
    {
        var layout = GradedSubmissions.Layout;
        var solution = NotAllowedMembers.Read(CourseLayout.SourceFiles(layout.SolutionExercises).Select(file => File.ReadAllText(file.Full)));
        var starter = NotAllowedMembers.Read(SubmissionBuilder.StarterFiles(layout).Values.Select(file => file.Text));
        Assert.That(starter, Is.EqualTo(solution));
    }

    // The reference with one exercise file edited, compiled as the worker compiles it: the tasks it flags.
    private static IReadOnlyDictionary<string, string> Check(string fileName, Func<string, string> edit)
    {
        var layout = GradedSubmissions.Layout;
        var submitted = CourseLayout.SourceFiles(layout.SolutionExercises)
            .Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Full)))
            .Select(file => file.Path == fileName ? file with { Text = edit(file.Text) } : file)
            .ToList();
        var image = Path.GetTempFileName();
        try
        {
            var result = ExerciseCompilation.Build(new ExerciseCompilation.Request(submitted, SubmissionBuilder.StarterFiles(layout).Values.ToList(), image), _ => { });
            Assert.That(result.ChaptersNotCompiled, Is.Empty, "the edit compiles");
            return result.EngineCalls;
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static int LineOf(string fileName, string code, Func<string, string> edit)
    {
        var lines = edit(File.ReadAllText(Path.Combine(GradedSubmissions.Layout.SolutionExercises, fileName))).Split('\n');
        return Array.FindIndex(lines, line => line.Contains(code, StringComparison.Ordinal)) + 1;
    }
}

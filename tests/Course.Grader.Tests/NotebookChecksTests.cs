using DeepLearning.Exercises.Tests;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The in-notebook check: <c>Checks.Run("1.2", f)</c> runs task 1.2's visible tests against the function f that a
/// learner wrote in a notebook, and reports each with its reason.
/// </summary>
public sealed class NotebookChecksTests
{
    [Test]
    public void ARightFunctionPassesEveryCheck()
    {
        var report = Checks.Run("1.2", (double a, double b, double outputGrad) => (b * outputGrad, a * outputGrad));
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.Results, Has.Count.EqualTo(2));
    }

    [Test]
    public void AWrongFunctionFailsWithExpectedActualAndHint()
    {
        var report = Checks.Run("1.2", (double a, double b, double outputGrad) => (b * outputGrad * outputGrad, a * outputGrad));
        Assert.That(report.Passed, Is.False);
        Assert.That(report.ToString(), Does.Contain("✗ scales with the output gradient").And.Contain("expected 2, got 1").And.Contain("Hint: the chain rule"));
    }

    [Test]
    public void AWrongFunctionWhoseMistakeIsRecognisedGetsItsCauseInsteadOfTheHint()
    {
        var report = Checks.Run("1.2", (double a, double b, double outputGrad) => (-b * outputGrad, a * outputGrad));
        Assert.That(report.Passed, Is.False);
        Assert.That(report.ToString(), Does.Contain("✗ matches value with output gradient one").And.Contain("expected -2, got 2")
            .And.Contain("Likely cause: your result is the negative of the expected one: a sign error").And.Not.Contain("Hint: d(a·b)/da = b"));
    }

    [Test]
    public void AnUnfinishedFunctionIsReportedAsNotImplemented()
    {
        var report = Checks.Run("3.3", new Func<Tensor, Tensor>(_ => throw new NotImplementedException("Task 3.3: softmax")));
        Assert.That(report.Results.Select(result => result.Message), Has.All.StartWith("not implemented yet: Task 3.3"));
        Assert.That(report.IsNotImplemented, Is.True, "every check failed on the stub");
    }

    [Test]
    public void AWrongFunctionIsNotTakenForAnUnfinishedOne()
    {
        var report = Checks.Evaluate("3.3", new Func<Tensor, Tensor>(logits => logits));
        Assert.That((report.Passed, report.IsNotImplemented), Is.EqualTo((false, false)));
    }

    [Test]
    public void EvaluateRunsTheSameChecksWithoutPrinting()
    {
        var printed = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(printed);
        CheckReport report;
        try
        {
            report = Checks.Evaluate("1.2", (double a, double b, double outputGrad) => (b * outputGrad, a * outputGrad));
        }
        finally
        {
            Console.SetOut(previous);
        }
        Assert.That((report.Passed, report.Results.Count, printed.ToString()), Is.EqualTo((true, 2, "")));
    }

    [Test]
    public void ADelegateOfAnotherTypeWithTheSameShapeIsAccepted()
    {
        // Written out: the engine's Softmax is what task 3.3 asks the learner not to call.
        Converter<Tensor, Tensor> softmax = logits =>
        {
            var exponentials = (logits - logits.Max(-1, keepDims: true)).Exp();
            return exponentials / exponentials.Sum(-1, keepDims: true);
        };
        Assert.That(Checks.Run("3.3", softmax).Passed, Is.True);
    }

    [Test]
    public void AFunctionThatCallsWhatTheTaskForbidsFailsEveryCheckWithTheCall()
    {
        Converter<Tensor, Tensor> softmax = logits => NN.Functional.Softmax(logits);
        var report = Checks.Evaluate("3.3", softmax);
        Assert.That(report.Results.Select(result => (result.Passed, result.Message)),
            Has.All.EqualTo((false, "the call to Functional.Softmax is not allowed here: this task asks you to write it yourself")));
    }

    [Test]
    public void UnknownTasksAndWrongSignaturesAreNamed()
    {
        Assert.That(() => Checks.Run("0.9", () => 1), Throws.ArgumentException.With.Message.Contains("there is no task '0.9'"));
        Assert.That(() => Checks.Run("1.2", (double a) => a), Throws.ArgumentException.With.Message.Contains("expected a function (Double, Double, Double)"));
    }

    [Test]
    public void EveryTaskCanBeCheckedFromANotebook() =>
        Assert.That(Checks.TaskIds, Has.Count.EqualTo(TaskCatalog.Read(CourseLayout.SourceFiles(GradedSubmissions.Layout.SolutionExercises).Select(file => File.ReadAllText(file.Full))).Count));

    [Test]
    public void AnExceptionInANotebookCellNamesTheTaskAndTheLineOfTheCell()
    {
        // A cell as the .NET Interactive kernel compiles it: a script submission, its function a member of Submission#0.
        var cell = """
            using DeepLearning;
            Tensor MaxPool2d(Tensor images, int kernelSize, int stride)
            {
                var beyond = images[0, 0, 0, images.Size(3)];
                return Tensor.Zeros(1);
            }
            Tensor Im2Col(Tensor images, int kernelSize, int stride, int padding)
            {
                var beyond = images[0, 0, images.Size(2), 0];
                return Tensor.Zeros(1);
            }
            """;
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(cell, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: Microsoft.CodeAnalysis.SourceCodeKind.Script));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(path => Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(path));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.CreateScriptCompilation("notebook-cell", tree, references,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, scriptClassName: "Submission#0"));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.Embedded));
        Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
        var submission = System.Reflection.Assembly.Load(image.ToArray()).GetTypes().Single(type => type.Name == "Submission#0");
        var function = Delegate.CreateDelegate(typeof(Func<Tensor, int, int, Tensor>), Activator.CreateInstance(submission, [new object[2]])!, "MaxPool2d");

        // 6.5's tests catch an index out of range to say which output shape was due; the message keeps the learner's line.
        var report = Checks.Evaluate("6.5", function);
        Assert.That(report.Results.Select(result => result.Message), Has.All.Contains("IndexOutOfRangeException in your MaxPool2d (line 4 of your cell): ")
            .And.All.Contains("the output should have shape"), report.ToString());
        Assert.That(report.ToString(), Does.StartWith("Task 6.5: "));

        // An exception no test catches: reported as thrown by the learner's function, with the task and the line.
        var thrown = Checks.Evaluate("6.3", Delegate.CreateDelegate(typeof(Func<Tensor, int, int, int, Tensor>), Activator.CreateInstance(submission, [new object[2]])!, "Im2Col"))
            .Results.Where(result => result.ThrownIn is not null).ToList();
        Assert.That(thrown, Is.Not.Empty);
        Assert.That(thrown.Select(result => result.Message), Has.All.StartWith("Task 6.3 threw IndexOutOfRangeException in your Im2Col (line 9 of your cell): "));
        Assert.That(thrown.Select(result => result.ThrownIn), Has.All.EqualTo("IndexOutOfRangeException in your Im2Col (line 9 of your cell)"));
    }
}

using System.Text.RegularExpressions;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The learners' starter is generated from the one reference solution: it must be exactly what generation gives
/// now, hold no solution text and no hidden test, and compile as a learner's build would (warnings are errors).
/// </summary>
public sealed class StarterGenerationTests
{
    private static readonly CourseLayout s_layout = CourseLayout.Locate();

    [Test]
    public void CommittedStarterIsWhatGenerationGives() =>
        Assert.That(StarterGenerator.Differences(s_layout), Is.Empty, "exercises/Starter is out of date: run `dotnet run --project exercises/Grader -- generate`");

    [Test]
    public void StarterHoldsNoSolutionText()
    {
        var starter = StarterTexts();
        Assert.That(starter.Values.Any(text => text.Contains("BEGIN SOLUTION") || text.Contains("END SOLUTION")), Is.False, "a solution marker survived");
        foreach (var (relative, full) in CourseLayout.SourceFiles(s_layout.SolutionExercises))
        {
            var stub = starter[$"Exercises/{relative}"];
            foreach (var region in SolutionRegions.Find(File.ReadAllText(full), relative))
            {
                // Lines long enough to be code rather than a brace or a bare `return result;`.
                foreach (var line in region.Lines.Select(line => line.Trim()).Where(line => line.Length >= 24))
                {
                    Assert.That(stub, Does.Not.Contain(line), $"a solution line of task {region.Task} is in the starter's {relative}");
                }
            }
        }
    }

    [Test]
    public void StarterHoldsNoHiddenTest()
    {
        var starter = StarterTexts();
        Assert.That(starter.Keys.Where(path => path.Contains("/Hidden/")), Is.Empty, "files from Tests/Hidden");
        Assert.That(starter.Where(file => file.Value.Contains("Category(\"hidden\")")).Select(file => file.Key), Is.Empty, "hidden categories");
        var hiddenFixtures = CourseLayout.SourceFiles(Path.Combine(s_layout.SolutionTests, "Hidden"))
            .SelectMany(file => Regex.Matches(File.ReadAllText(file.Full), @"class (\w+)").Select(match => match.Groups[1].Value))
            .ToList();
        Assert.That(hiddenFixtures, Is.Not.Empty, "the solution has hidden tests to keep out");
        foreach (var fixture in hiddenFixtures)
        {
            Assert.That(starter.Where(file => file.Value.Contains(fixture, StringComparison.Ordinal)).Select(file => file.Key), Is.Empty, $"hidden fixture {fixture}");
        }
    }

    [Test]
    public void EveryTaskHasAStubVisibleTestsAndHiddenTests()
    {
        var solution = CourseLayout.SourceFiles(s_layout.SolutionExercises).Select(file => File.ReadAllText(file.Full)).ToList();
        var tasks = TaskCatalog.Read(solution);
        Assert.That(tasks.Keys.Count(task => !TaskCatalog.IsQuestion(task)), Is.GreaterThanOrEqualTo(30), "the issue asks for at least 30 tasks");
        var questionsPerChapter = tasks.Keys.Where(TaskCatalog.IsQuestion).GroupBy(task => task.Split('.')[0]).Select(group => group.Count()).ToList();
        Assert.That(questionsPerChapter, Has.Count.EqualTo(12).And.All.InRange(3, 5), "3 to 5 quick questions a chapter, in every chapter");
        Assert.That(tasks.Keys.Select(task => task.Split('.')[0]).Distinct(), Is.EquivalentTo(Enumerable.Range(0, 12).Select(chapter => chapter.ToString())), "chapters with tasks: every chapter, 0 to 11");
        var starter = string.Join("\n", StarterTexts().Values);
        var visible = Categories(Path.Combine(s_layout.SolutionTests, "Visible"));
        var hidden = Categories(Path.Combine(s_layout.SolutionTests, "Hidden"));
        foreach (var (task, title) in tasks)
        {
            Assert.That(starter, Does.Contain($"throw new NotImplementedException(\"{TaskCatalog.Kind(task)} {task}: {title}\");"), $"the stub of task {task}");
            Assert.That(visible, Does.Contain(task), $"visible tests of task {task}");
            if (!TaskCatalog.IsQuestion(task))
            {
                // A quick question has one visible test, its answer's hash, and nothing more to hide.
                Assert.That(hidden, Does.Contain(task), $"hidden tests of task {task}");
            }
        }
        Assert.That(visible.Concat(hidden).Where(task => !tasks.ContainsKey(task)), Is.Empty, "test categories naming no task");
    }

    [Test]
    public void StarterCompilesWithoutWarnings()
    {
        var stubs = SubmissionBuilder.StarterFiles(s_layout).Values;
        var exercises = CSharpCompiler.Compile(SubmissionBuilder.ExercisesAssembly, stubs, CSharpCompiler.LibraryReferences(), [], checkDocumentation: true);
        Assert.That(exercises.Errors.Concat(exercises.Warnings).Select(CSharpCompiler.Format), Is.Empty, "the learner's build treats warnings as errors");
        var tests = CourseLayout.SourceFiles(Path.Combine(s_layout.Starter, "Tests")).Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Full)));
        var compiled = CSharpCompiler.Compile(SubmissionBuilder.TestsAssembly, tests,
            CSharpCompiler.LibraryReferences().Append(Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(exercises.Image!)), ["NUnit.Framework"], checkDocumentation: true);
        Assert.That(compiled.Errors.Concat(compiled.Warnings).Select(CSharpCompiler.Format), Is.Empty, "the starter's visible tests");
    }

    [Test]
    public void StubKeepsTheIndentationAndNamesTheTask()
    {
        const string source = "class C\n{\n    // Task 4.2: a title\n    int F()\n    {\n        // BEGIN SOLUTION\n        return 42;\n        // END SOLUTION\n    }\n}\n";
        Assert.That(SolutionRegions.Strip(source, "C.cs"),
            Is.EqualTo("class C\n{\n    // Task 4.2: a title\n    int F()\n    {\n        throw new NotImplementedException(\"Task 4.2: a title\");\n    }\n}\n"));
    }

    [TestCase("// BEGIN SOLUTION\nx\n// END SOLUTION\n", "needs a '// Task X.Y: title' comment")]
    [TestCase("// Task 1.1: t\n// BEGIN SOLUTION\nx\n", "is never closed")]
    [TestCase("// Task 1.1: t\n// END SOLUTION\n", "without a // BEGIN SOLUTION")]
    [TestCase("// Task 1.1: t\n// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n", "inside the region")]
    public void MalformedMarkersAreRejected(string source, string message) =>
        Assert.That(() => SolutionRegions.Strip(source, "Bad.cs"), Throws.TypeOf<GraderException>().With.Message.Contains(message));

    private static Dictionary<string, string> StarterTexts() =>
        CourseLayout.SourceFiles(s_layout.Starter, "*.*").ToDictionary(file => file.Relative, file => File.ReadAllText(file.Full));

    private static HashSet<string> Categories(string folder) =>
        CourseLayout.SourceFiles(folder)
            .SelectMany(file => Regex.Matches(File.ReadAllText(file.Full), "Category\\(\"task:(\\d+\\.(?:\\d+|[a-z]))\"\\)").Select(match => match.Groups[1].Value))
            .ToHashSet();
}

using System.Text.Json.Nodes;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The learner's notebooks are generated from the one reference solution, as the starter is: the committed ones are
/// exactly what generation gives now and hold no solution; the teacher's hold every solution; generation refuses
/// notebooks that do not match the exercises, naming what is wrong.
/// </summary>
public sealed class NotebookGenerationTests
{
    private static readonly CourseLayout s_layout = CourseLayout.Locate();

    [Test]
    public void CommittedLearnerNotebooksAreWhatGenerationGives() =>
        Assert.That(NotebookGenerator.Differences(s_layout), Is.Empty, "notebooks/ is out of date: run `dotnet run --project exercises/Grader -- generate`");

    [Test]
    public void LearnerNotebooksHoldNoSolution()
    {
        var notebooks = NotebookGenerator.Chapters(s_layout).ToDictionary(path => $"notebooks/{Path.GetFileName(path)}", File.ReadAllText);
        Assert.That(SolutionLeaks.Find(s_layout, notebooks), Is.Empty);
    }

    [Test]
    public void TeacherNotebooksHoldEverySolution()
    {
        var teacher = NotebookGenerator.Generate(s_layout, NotebookGenerator.Copy.Teacher);
        var leaks = SolutionLeaks.Find(s_layout, teacher.ToDictionary(notebook => notebook.Key, notebook => notebook.Value));
        var tasks = SolutionTask.ReadAll(s_layout).Select(task => task.Id).ToList();
        Assert.That(tasks.Where(task => !leaks.Any(leak => leak.Contains($"the whole solution of task {task}") || leak.Contains($"the answer of question {task}"))), Is.Empty,
            "tasks whose reference body is not in the teacher's notebooks");
    }

    [Test]
    public void AYourTurnCellIsTheMethodAsAScriptMember()
    {
        const string source = """
            namespace DeepLearning.Exercises;

            public static class Kernels
            {
                /// <summary>The tile width of task 10.3.</summary>
                public const int TileSize = 4;

                public const int Unused = 7;

                // Task 10.3: a tiled product
                /// <summary>
                /// C = A B with <see cref="TileSize"/>-wide tiles; <paramref name="bias"/> may be null (<c>no bias</c>).
                /// </summary>
                public static int Tiled(int[] a, Tensor? bias, int? limit)
                {
                    // BEGIN SOLUTION
                    return a.Length * TileSize;
                    // END SOLUTION
                }
            }
            """;
        var task = SolutionTask.Read(source, "Chapter10.Kernels.cs").Single();
        Assert.That(NotebookTaskCell.Learner(task), Is.EqualTo("""
            // The tile width of task 10.3.
            const int TileSize = 4;

            // Task 10.3: a tiled product
            // C = A B with TileSize-wide tiles; bias may be null (no bias).
            int Tiled(int[] a, Tensor bias, int? limit)
            {
                throw new NotImplementedException("Task 10.3: a tiled product");
            }
            """.ReplaceLineEndings("\n")));
        Assert.That(NotebookTaskCell.Teacher(task), Does.EndWith("{\n    return a.Length * TileSize;\n}"));
    }

    [TestCase("missing-cell", "task 1.2 (second) has no cell 'task-1-2' in a notebook")]
    [TestCase("wrong-check", "the code cell after 'task-1-1' must check it: Check(\"1.1\", First);")]
    [TestCase("out-of-order", "task 1.1 comes after task 1.2")]
    [TestCase("unknown-task", "cell 'task-1-3' is for task 1.3, which exercises/Solution does not have")]
    public void GenerationRefusesNotebooksThatDoNotMatchTheExercises(string mistake, string message)
    {
        var root = Directory.CreateTempSubdirectory("dlc-grade-notebooks-");
        try
        {
            var layout = new CourseLayout(Path.Combine(root.FullName, "exercises"));
            Directory.CreateDirectory(layout.SolutionExercises);
            Directory.CreateDirectory(layout.Notebooks);
            File.WriteAllText(Path.Combine(layout.SolutionExercises, "Chapter1.Small.cs"), """
                public static class Small
                {
                    // Task 1.1: first
                    public static int First()
                    {
                        // BEGIN SOLUTION
                        return 1;
                        // END SOLUTION
                    }

                    // Task 1.2: second
                    public static int Second()
                    {
                        // BEGIN SOLUTION
                        return 2;
                        // END SOLUTION
                    }
                }
                """);
            (string Id, string Source)[] cells = mistake switch
            {
                "missing-cell" => [("task-1-1", ""), ("check-1-1", "Check(\"1.1\", First);")],
                "wrong-check" => [("task-1-1", ""), ("check-1-1", "Check(\"1.1\", Second);"), ("task-1-2", ""), ("check-1-2", "Check(\"1.2\", Second);")],
                "out-of-order" => [("task-1-2", ""), ("check-1-2", "Check(\"1.2\", Second);"), ("task-1-1", ""), ("check-1-1", "Check(\"1.1\", First);")],
                _ => [("task-1-1", ""), ("check-1-1", "Check(\"1.1\", First);"), ("task-1-2", ""), ("check-1-2", "Check(\"1.2\", Second);"), ("task-1-3", ""), ("check-1-3", "Check(\"1.3\", Third);")],
            };
            var notebook = new JsonObject
            {
                ["cells"] = new JsonArray(cells.Select(cell => (JsonNode)new JsonObject
                {
                    ["cell_type"] = "code", ["id"] = cell.Id, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(),
                    ["execution_count"] = null, ["source"] = JupyterJson.SourceLines(cell.Source),
                }).ToArray()),
                ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5,
            };
            File.WriteAllText(Path.Combine(layout.Notebooks, "01-small.ipynb"), JupyterJson.Write(notebook));

            Assert.That(() => NotebookGenerator.Generate(layout, NotebookGenerator.Copy.Learner),
                Throws.TypeOf<GraderException>().With.Message.Contains(message));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Test]
    public void NotebookJsonIsWrittenAsJupyterWritesIt()
    {
        foreach (var path in NotebookGenerator.Chapters(s_layout))
        {
            var text = File.ReadAllText(path);
            Assert.That(JupyterJson.Write(JupyterJson.Parse(text, path)), Is.EqualTo(text), $"{Path.GetFileName(path)} read and written again");
        }
    }
}

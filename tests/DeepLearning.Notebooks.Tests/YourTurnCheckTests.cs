using DeepLearning.Grading;
using DeepLearning.Grading.Generation;
using DeepLearning.NotebookRunner;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// The "your turn" checks, run in a kernel as a chapter runs them: a passing function is named in one line; an
/// unfinished one is "not done yet" in one line, and the function returned for the cells below is the engine's, which
/// says so once in each cell that uses it; a wrong answer fails its cell with each failing test's reason and hint;
/// Stub prints a task's starting cell. A quick question never stops the chapter: not answered, wrong (where to look
/// again, never the answer) or right, each in one line.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class YourTurnCheckTests
{
    [Test]
    public async Task A_wrong_answer_lists_each_failing_test_with_its_reason()
    {
        var run = await RunCells("double Mean(double[] values) => values[0];", "Check(\"0.1\", Mean);");
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 0.1 (the mean of an array) is not right yet: 2 of 4 checks passed.")
            .And.Contain("✗ four values").And.Contain("Mean([1, 2, 3, 4]): expected 2.5, got 1").And.Contain("✓ one value").And.Contain("✓ leaves the array as it was"));
    }

    [Test]
    public async Task An_exception_names_the_task_and_the_learners_function_that_threw()
    {
        var run = await RunCells("double Mean(double[] values)\n{\n    var sum = 0.0;\n    for (var i = 0; i <= values.Length; i++) sum += values[i];\n    return sum / values.Length;\n}", "Check(\"0.1\", Mean);");
        // The kernel compiles a cell without debug information, so its frames carry no line (the grader's have one).
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 0.1 (the mean of an array) threw IndexOutOfRangeException in your Mean; 0 of 4 checks passed.")
            .And.Contain("Task 0.1 threw IndexOutOfRangeException in your Mean: Index was outside the bounds of the array."));
    }

    [Test]
    public async Task A_wrong_signature_is_reported_with_the_expected_one()
    {
        var run = await RunCells("int Mean(int[] values) => values[0];", "Check(\"0.1\", Mean);");
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 0.1 (the mean of an array) expects a function of type Func<Double[], Double>, but was given Func<Int32[], Int32>."));
    }

    [Test]
    public async Task An_unknown_task_id_lists_the_known_ones()
    {
        var run = await RunCells("double Mean(double[] values) => 0;", "Check(\"9.9\", Mean);");
        Assert.That(run.FailedCell?.Error, Does.Contain("There is no task '9.9'. Tasks with checks: 0.1, 0.a, 0.b, 0.c, 1.1, 1.2"));
    }

    [Test]
    public async Task A_passing_function_is_named_with_its_visible_tests_and_returned()
    {
        var run = await RunCells("""
            int[] ContiguousStrides(int[] shape)
            {
                var strides = new int[shape.Length];
                for (int axis = shape.Length - 1, step = 1; axis >= 0; step *= shape[axis], axis--)
                {
                    strides[axis] = step;
                }
                return strides;
            }
            """, "var contiguousStrides = Check(\"2.1\", ContiguousStrides);", "string.Join(\",\", contiguousStrides([2, 3]))");
        Assert.That(run.FailureMessage, Is.Null);
        Assert.That(Stdout(run.Cells[2]), Is.EqualTo("✔ Task 2.1 passed: row-major strides of a contiguous shape (2 visible tests: three axes, vector and scalar).\n"));
        Assert.That(ReturnedText(run.Cells[3]), Is.EqualTo("3,1"));
    }

    [Test]
    public async Task An_unfinished_task_is_not_done_and_the_cells_below_use_the_engines_version_saying_so_once()
    {
        var run = await RunCells(
            "using DeepLearning.Scalar;\nValue Tanh(Value x)\n{\n    throw new NotImplementedException(\"Task 1.6: tanh composed from exp, +, −, / on Value\");\n}",
            "var tanh = Check(\"1.6\", Tanh);",
            "(tanh(new Value(0.5)).Data + tanh(new Value(-0.5)).Data).ToString(System.Globalization.CultureInfo.InvariantCulture)",
            "tanh(new Value(1)).Data > 0.76");
        Assert.That(run.FailureMessage, Is.Null);
        Assert.That(Stdout(run.Cells[2]), Is.EqualTo("Task 1.6 (tanh composed from exp, +, −, / on Value) is not done yet: write its body in the cell above, run that cell, then this one. Until it passes, the cells below use the engine's Value.Tanh (one tanh node).\n"));
        const string notice = "(Task 1.6, tanh composed from exp, +, −, / on Value, is not done yet: this cell uses the engine's Value.Tanh (one tanh node) instead of yours.)\n";
        Assert.That((Stdout(run.Cells[3]), ReturnedText(run.Cells[3])), Is.EqualTo((notice, "0")), "two calls, one notice");
        Assert.That(Stdout(run.Cells[4]), Is.EqualTo(notice), "the next cell says it again");
    }

    [Test]
    public async Task A_call_to_what_the_task_asks_for_fails_before_the_tests_even_through_a_helper_of_an_earlier_cell()
    {
        var run = await RunCells(
            "using DeepLearning;\nTensor Unfold(Tensor images, int size, int stride, int padding) => images.Im2Col(size, size, stride, padding);",
            """
            Tensor Im2Col(Tensor images, int kernelSize, int stride, int padding)
            {
                Func<Tensor> unfold = () => Unfold(images, kernelSize, stride, padding);
                return unfold();
            }
            """,
            "Check(\"6.3\", Im2Col);");
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 6.3 asks you to write im2col yourself: the call to Tensor.Im2Col is not allowed here"));
    }

    [Test]
    public async Task A_property_the_task_forbids_fails_too_and_every_list_is_the_graders()
    {
        var run = await RunCells(
            "using DeepLearning;\nint[] ContiguousStrides(int[] shape) => Tensor.Zeros(shape).Strides;",
            "string.Join(\";\", DeepLearning.Notebooks.YourTurn.TaskIds.Select(id => $\"{id}:{DeepLearning.Notebooks.ExerciseTaskChecks.NotAllowed(id).Count}\"))",
            "Check(\"2.1\", ContiguousStrides);");
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 2.1 asks you to write row-major strides of a contiguous shape yourself: the use of Tensor.Strides is not allowed here"));
        var layout = CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises"));
        var lists = NotAllowedMembers.Read(CourseLayout.SourceFiles(layout.StarterExercises).Select(file => File.ReadAllText(file.Full)));
        Assert.That(ReturnedText(run.Cells[2]).Split(';'), Is.EqualTo(SolutionTask.ReadAll(layout).Select(task => $"{task.Id}:{lists.GetValueOrDefault(task.Id, []).Count}")),
            "the kit reads (and finds in the engine) the lists the grader reads");
    }

    [Test]
    public async Task The_teachers_function_of_every_task_with_a_list_passes_its_check()
    {
        var layout = CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises"));
        var lists = NotAllowedMembers.Read(CourseLayout.SourceFiles(layout.SolutionExercises).Select(file => File.ReadAllText(file.Full)));
        var tasks = SolutionTask.ReadAll(layout).Where(task => lists.ContainsKey(task.Id)).ToList();
        var cells = tasks.SelectMany(task => new[] { NotebookTaskCell.Teacher(task), $"Check(\"{task.Id}\", {task.MethodName});" });
        var run = await RunCells(["using DeepLearning;\nusing DeepLearning.NN;\nusing DeepLearning.Scalar;", .. cells]);
        Assert.That(run.FailureMessage, Is.Null);
        Assert.That(run.Cells.Select(Stdout).Count(output => output.StartsWith("✔ Task ", StringComparison.Ordinal)), Is.EqualTo(tasks.Count));
    }

    [Test]
    public async Task A_quick_question_says_not_answered_or_where_to_look_again_or_right_and_never_stops_the_chapter()
    {
        var run = await RunCells(
            "char Question3A()\n{\n    throw new NotImplementedException(\"Question 3.a: the shape of a weight's gradient\");\n}",
            "Check(\"3.a\", Question3A);",
            "char WrongLetter() => 'A';",
            "Check(\"3.a\", WrongLetter);",
            "char RightLetter() => 'C';",
            "Check(\"3.a\", RightLetter);");
        Assert.That(run.FailureMessage, Is.Null, "no answer to a question stops the chapter");
        Assert.That(Stdout(run.Cells[2]), Does.StartWith("Question 3.a (the shape of a weight's gradient) is not answered yet:"));
        Assert.That(Stdout(run.Cells[4]), Does.StartWith("✘ Question 3.a (the shape of a weight's gradient): 'A' is not the answer; look again at ")
            .And.Not.Contain("'C'"));
        Assert.That(Stdout(run.Cells[6]), Does.StartWith("✔ Question 3.a (the shape of a weight's gradient): right."));
        Assert.That(new[] { 2, 4, 6 }.Select(cell => Stdout(run.Cells[cell]).TrimEnd('\n')), Has.None.Contain("\n"), "one line each");
    }

    [Test]
    public async Task Stub_prints_the_starting_cell_of_a_task()
    {
        var run = await RunCells("Stub(\"0.1\")");
        Assert.That(run.FailureMessage, Is.Null);
        Assert.That(Stdout(run.Cells[1]), Does.Contain("// Task 0.1: the mean of an array\n").And.Contain("double Mean(double[] values)\n{\n    throw new NotImplementedException(\"Task 0.1: the mean of an array\");\n}"));
    }

    [Test]
    public async Task Every_task_has_a_check_and_every_function_the_chapters_reuse_has_a_stand_in()
    {
        var run = await RunCells(
            "string.Join(\" \", DeepLearning.Notebooks.YourTurn.TaskIds)",
            "string.Join(\" \", DeepLearning.Notebooks.Fallbacks.TaskFallbacks.TaskIds.Order())",
            "string.Join(\" \", DeepLearning.Notebooks.Fallbacks.TaskFallbacks.WithAnotherSignature())");
        Assert.That(run.FailureMessage, Is.Null);
        var layout = CourseLayout.Locate(Path.Combine(CourseFolders.RepositoryRoot, "exercises"));
        var tasks = SolutionTask.ReadAll(layout).Select(task => task.Id).ToList();
        Assert.That(ReturnedText(run.Cells[1]).Split(' '), Is.EqualTo(tasks), "every task of exercises/ can be checked in a notebook");
        var standIns = ReturnedText(run.Cells[2]).Split(' ');
        Assert.That(ReusedFunctions().Where(task => !standIns.Contains(task)), Is.Empty, "tasks whose function later cells use (var f = Check(...)) but that have no stand-in");
        Assert.That(ReturnedText(run.Cells[3]), Is.Empty, "stand-ins whose signature is not their task's");
    }

    /// <summary>The tasks whose check cell keeps the function for later cells: <c>var f = Check("X.Y", F);</c>.</summary>
    private static IEnumerable<string> ReusedFunctions() =>
        CourseFolders.Chapters()
            .SelectMany(path => JupyterJson.Parse(File.ReadAllText(path), path)["cells"]!.AsArray().Select(cell => cell!.AsObject()))
            .Where(cell => JupyterJson.Source(cell).StartsWith("var ", StringComparison.Ordinal))
            .Select(cell => NotebookGenerator.CheckedTask(cell)?.Task)
            .OfType<string>();

    private static string Stdout(CellRun cell) =>
        string.Concat(cell.Outputs.Where(output => (string?)output["output_type"] == "stream" && (string?)output["name"] == "stdout").Select(output => (string?)output["text"]));

    /// <summary>The text/plain of a cell's returned value.</summary>
    private static string ReturnedText(CellRun cell) =>
        cell.Outputs.Where(output => (string?)output["output_type"] == "execute_result")
            .Select(output => (string?)output["data"]?["text/plain"]).Single() ?? "";

    /// <summary>Runs the set-up and the given cells as a notebook in notebooks/ (never written to disk).</summary>
    private static Task<NotebookRun> RunCells(params string[] sources)
    {
        var cells = new[] { "#load \"setup.csx\"" }.Concat(sources).Select((source, i) =>
            $$"""{"cell_type": "code", "id": "cell-{{i}}", "metadata": {}, "execution_count": null, "outputs": [], "source": {{System.Text.Json.JsonSerializer.Serialize(source)}}}""");
        var kernelspec = """{"kernelspec": {"name": ".net-csharp", "language": "C#", "display_name": ".NET (C#)"}}""";
        var json = $$"""{"nbformat": 4, "nbformat_minor": 5, "metadata": {{kernelspec}}, "cells": [{{string.Join(",", cells)}}]}""";
        return NotebookExecution.RunAsync(CourseNotebook.FromJson(Path.Combine(CourseFolders.Notebooks, "check-test.ipynb"), json));
    }
}

using DeepLearning.NotebookRunner;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// The "your turn" checks fail, with a helpful message, until the learner's code is right: with the starter
/// (solutions taken out) every check says the task is not done; a wrong answer is shown with its case. A task of
/// exercises/ is checked by its visible tests; only chapters 0 and 10 have notebook-only checks.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class YourTurnCheckTests
{
    [TestCaseSource(typeof(CourseFolders), nameof(CourseFolders.ChapterCases))]
    public async Task With_the_starter_every_check_fails_with_a_helpful_message(string path)
    {
        var reference = CourseNotebook.Load(path);
        var starter = StarterNotebook.From(reference);
        var setUp = starter.Cells.First(cell => cell.IsCode);
        // Only the set-up, the your-turn cells and their checks: the rest of the chapter is not needed here.
        var run = await NotebookExecution.RunAsync(starter,
            cell => cell == setUp || StarterNotebook.IsYourTurnCell(reference.Cells[cell.Number - 1]) || StarterNotebook.CheckedTaskId(cell) is not null,
            continueAfterError: true);

        Assert.That(run.Cells.Count(cell => StarterNotebook.CheckedTaskId(cell.Cell) is not null),
            Is.EqualTo(reference.Cells.Count(StarterNotebook.IsYourTurnCell)), "one check per your-turn cell");

        var checks = run.Cells.Where(cell => StarterNotebook.CheckedTaskId(cell.Cell) is not null).ToList();
        Assert.Multiple(() =>
        {
            foreach (var cell in run.Cells.Where(cell => StarterNotebook.CheckedTaskId(cell.Cell) is null))
            {
                Assert.That(cell.Error, Is.Null, $"cell {cell.Cell.Number} (id '{cell.Cell.Id}') must compile and run in the starter");
            }
            foreach (var check in checks)
            {
                var taskId = StarterNotebook.CheckedTaskId(check.Cell);
                Assert.That(check.Error, Does.Contain($"Task {taskId} (").And.Contain("is not done yet"),
                    $"cell {check.Cell.Number}: the check of task {taskId} with the starter");
            }
        });
    }

    [Test]
    public async Task A_wrong_answer_is_reported_with_the_case_that_fails()
    {
        var run = await RunCells("double Mean(double[] values) => values[0];", "Check(\"0.1\", Mean)");
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 0.1 (the mean of an array) is not right yet: Mean([1, 2, 3, 4]): got 1, expected 2.5."));
    }

    [Test]
    public async Task A_wrong_signature_is_reported_with_the_expected_one()
    {
        var run = await RunCells("int Mean(int[] values) => values[0];", "Check(\"0.1\", Mean)");
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 0.1 (the mean of an array) expects a function of type Func<Double[], Double>, but was given Func<Int32[], Int32>."));
    }

    [Test]
    public async Task An_unknown_task_id_lists_the_known_ones()
    {
        var run = await RunCells("double Mean(double[] values) => 0;", "Check(\"9.9\", Mean)");
        Assert.That(run.FailedCell?.Error, Does.Contain("There is no task '9.9'. Tasks with checks: 0.1, 1.1"));
    }

    [Test]
    public async Task An_exercise_task_is_checked_by_its_visible_tests_named_when_they_pass()
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
            """, "Check(\"2.1\", ContiguousStrides)");
        Assert.That(run.FailureMessage, Is.Null);
        Assert.That(ReturnedText(run.Cells[^1]),
            Is.EqualTo("✔ Task 2.1 passed: row-major strides of a contiguous shape (2 visible tests: three axes, vector and scalar)."));
    }

    [Test]
    public async Task A_wrong_answer_to_an_exercise_task_lists_each_failing_test_with_its_reason_and_hint()
    {
        var run = await RunCells("int[] ContiguousStrides(int[] shape) => shape.Select(_ => 1).ToArray();", "Check(\"2.1\", ContiguousStrides)");
        Assert.That(run.FailedCell?.Error, Does.Contain("Task 2.1 (row-major strides of a contiguous shape) is not right yet: 1 of 2 checks passed.")
            .And.Contain("✗ three axes").And.Contain("strides of shape (2,3,4)").And.Contain("Expected: 12")
            .And.Contain("Hint: walk the axes from last to first").And.Contain("✓ vector and scalar"));
    }

    [Test]
    public async Task A_wrong_signature_for_an_exercise_task_is_reported_with_the_expected_one()
    {
        var run = await RunCells("int ContiguousStrides(int[] shape) => 1;", "Check(\"2.1\", ContiguousStrides)");
        Assert.That(run.FailedCell?.Error, Does.Contain(
            "Task 2.1 (row-major strides of a contiguous shape) expects a function of type Func<Int32[], Int32[]>, but was given Func<Int32[], Int32>."));
    }

    [Test]
    public async Task Every_exercise_task_can_be_checked_and_notebook_only_tasks_take_other_ids()
    {
        var run = await RunCells("string.Join(\" \", DeepLearning.Notebooks.YourTurn.TaskIds)", "string.Join(\" \", DeepLearning.Notebooks.NotebookTaskChecks.TaskIds.Order())");
        Assert.That(run.FailureMessage, Is.Null);
        var all = ReturnedText(run.Cells[1]).Split(' ');
        var notebookOnly = ReturnedText(run.Cells[2]).Split(' ');
        Assert.That(notebookOnly, Is.EqualTo(new[] { "0.1", "10.1", "10.2", "10.3" }), "the notebook-only tasks: chapters 0 and 10, which have no exercises");
        Assert.That(all.Except(notebookOnly), Is.EqualTo(ExerciseTaskIds()), "every task of exercises/ has a check, run by its visible tests");
    }

    /// <summary>The task ids of the exercises, from the "// Task X.Y:" comments of the stubs, in order.</summary>
    private static IEnumerable<string> ExerciseTaskIds() =>
        Directory.GetFiles(Path.Combine(CourseFolders.RepositoryRoot, "exercises", "Starter", "Exercises"), "*.cs")
            .SelectMany(file => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), @"// Task (\d+)\.(\d+):"))
            .Select(match => (Chapter: int.Parse(match.Groups[1].Value), Task: int.Parse(match.Groups[2].Value)))
            .Order()
            .Select(task => $"{task.Chapter}.{task.Task}");

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

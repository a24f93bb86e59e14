using DeepLearning.NotebookRunner;
using DeepLearning.Notebooks.Tests.Support;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// The "your turn" checks fail, with a helpful message, until the learner's code is right: with the starter
/// (solutions taken out) every check says the task is not done; a wrong answer is shown with its case.
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

using System.Text.Json.Nodes;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Generation;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// A learner who uploads notebooks instead of the exercise files is graded on the notebooks' your-turn cells. One
/// upload, graded once: the teacher's notebooks of chapters 0, 1, 3 and 6 (right answers) with three cells broken —
/// task 1.2 does not parse, task 3.3's softmax sums over the wrong axis, task 6.5's window runs one column too far —
/// beside the starter's unchanged Chapter0.Warmup.cs, the reference's Chapter2.TensorBasics.cs with the learner's
/// (unfinished) chapter 2 notebook, and nothing for the other chapters.
/// </summary>
public sealed class NotebookSubmissionTests
{
    private static readonly string[] s_notebookChapters = ["0", "1", "3", "6"];
    private static readonly string[] s_brokenTasks = ["1.2", "3.3", "6.5"];
    private string _folder = "";
    private GradeReport _report = null!;
    private int _brokenLine;

    [OneTimeSetUp]
    public void GradeTheUpload()
    {
        var layout = GradedSubmissions.Layout;
        _folder = Directory.CreateTempSubdirectory("dlc-notebook-upload-").FullName;
        foreach (var (name, text) in NotebookGenerator.Generate(layout, NotebookGenerator.Copy.Teacher).Where(pair => s_notebookChapters.Contains(Chapter(pair.Key))))
        {
            var notebook = JupyterJson.Parse(text, name);
            Edit(notebook, "task-1-2", "return (b * outputGrad, a * outputGrad);", "return (b * outputGrad, a * outputGrad)");
            Edit(notebook, "task-3-3", "exponentials.Sum(-1, keepDims: true)", "exponentials.Sum(0, keepDims: true)");
            Edit(notebook, "task-6-5", "j < kernelSize", "j <= kernelSize");
            File.WriteAllText(Path.Combine(_folder, name), JupyterJson.Write(notebook));
        }
        File.Copy(Path.Combine(layout.StarterExercises, "Chapter0.Warmup.cs"), Path.Combine(_folder, "Chapter0.Warmup.cs"));
        File.Copy(Path.Combine(layout.SolutionExercises, "Chapter2.TensorBasics.cs"), Path.Combine(_folder, "Chapter2.TensorBasics.cs"));
        File.Copy(Path.Combine(layout.Notebooks, "02-tensors.ipynb"), Path.Combine(_folder, "02-tensors.ipynb"));
        _report = new Grader(layout, GradedSubmissions.Limits).Grade(_folder);
        TestContext.Progress.WriteLine($"graded the notebook upload: {_report.Score}/{_report.MaxScore} in {_report.ExecutionSeconds:0.0} s");

        void Edit(JsonObject notebook, string cellId, string find, string replace)
        {
            var cell = notebook["cells"]!.AsArray().OfType<JsonObject>().SingleOrDefault(cell => (string?)cell["id"] == cellId);
            if (cell is not null)
            {
                var source = JupyterJson.Source(cell);
                Assert.That(source, Does.Contain(find), cellId);
                source = source.Replace(find, replace);
                cell["source"] = JupyterJson.SourceLines(source);
                if (cellId == "task-6-5")
                {
                    // The read one column too far throws, on the line that indexes the images, inside the broken loop.
                    _brokenLine = source[..source.IndexOf("ox * stride + j]", StringComparison.Ordinal)].Count(character => character == '\n') + 1;
                }
            }
        }
    }

    [OneTimeTearDown]
    public void RemoveTheUpload() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void RightCellsScoreFullMarksAndEachWrongCellLosesExactlyItsTask()
    {
        foreach (var (task, score, max) in _report.TaskScores())
        {
            var chapter = task.Split('.')[0];
            var expected = s_brokenTasks.Contains(task) || !(s_notebookChapters.Contains(chapter) || chapter == "2") ? 0 : max;
            Assert.That(score, Is.EqualTo(expected), $"task {task}");
        }
    }

    [Test]
    public void TheNotesSayWhichFileWasGradedForEachChapter()
    {
        Assert.That(_report.Notes, Does.Contain("graded the your-turn cells of 03-backpropagation-through-tensors.ipynb as Chapter3.TensorGradients.cs"));
        Assert.That(_report.Notes, Does.Contain("graded the your-turn cells of 00-start-here.ipynb as Chapter0.Warmup.cs (Chapter0.Warmup.cs is the starter's, unchanged, so the notebook was graded instead)"));
        Assert.That(_report.Notes, Does.Contain("graded Chapter2.TensorBasics.cs; 02-tensors.ipynb was not graded (a changed .cs file is graded before the chapter's notebook)"));
        Assert.That(_report.Notes, Has.Some.StartWith("Chapter4.Layers.cs: not in the submission, nor chapter 4's notebook (04-layers-and-an-mlp.ipynb)")
            .And.Contain("upload Chapter4.Layers.cs (from exercises/Starter/Exercises) or the notebook 04-layers-and-an-mlp.ipynb"));
    }

    [Test]
    public void ACellThatDoesNotCompileIsNamedInItsTasksTests()
    {
        var tests = _report.Tests.Where(test => test.Test.Task == "1.2").ToList();
        Assert.That(tests, Is.Not.Empty);
        foreach (var test in tests)
        {
            Assert.That(test.Outcome.Failure, Is.EqualTo(FailureKind.CompileError), test.Test.Id);
            Assert.That(test.Feedback, Does.StartWith("Failed: the cell task-1-2 of 01-derivatives-and-autograd.ipynb does not compile, so task 1.2 was graded as not done:")
                .And.Contain("01-derivatives-and-autograd.ipynb, cell task-1-2(").And.Contain("; expected"));
        }
    }

    [Test]
    public void AnExceptionNamesTheTaskAndTheLineOfTheCell()
    {
        var where = $"IndexOutOfRangeException in your Convolution.MaxPool2d (line {_brokenLine} of your cell task-6-5 of 06-convolutional-networks.ipynb)";
        var visible = _report.Tests.Where(test => test.Test.Task == "6.5" && !test.Test.Hidden).ToList();
        // 6.5's visible tests catch the index out of range to say which output shape was due, and keep the place.
        Assert.That(visible.Select(test => test.Feedback), Has.All.Contains($"({where}: ").And.All.Contains("the output should have shape"));
        Assert.That(visible.Select(test => test.Feedback), Has.None.Contains("Hint:"), "the likely cause, not a hint about another one");
        var hidden = _report.Tests.Where(test => test.Test.Task == "6.5" && test.Test.Hidden).ToList();
        Assert.That(hidden.Select(test => test.Feedback), Has.All.EqualTo($"Hidden test failed: threw {where}. Its details are not shown."),
            "the kind and place, not the message (which names the hidden input's size) nor the hint about window maxima");
    }

    [Test]
    public void AHiddenTestBrokenBySoftmaxSummedOverTheWrongAxisBlamesNothingElse()
    {
        var hidden = _report.Tests.Single(test => test.Test.Task == "3.3" && test.Test.Hidden);
        Assert.That(hidden.Feedback, Is.EqualTo("Hidden test failed: wrong values. Its details are not shown."), "not the 0/0 hint: nothing here overflows");
    }

    [Test]
    public void AnUploadWithNeitherFilesNorNotebooksIsToldWhatToUpload()
    {
        var empty = Directory.CreateTempSubdirectory("dlc-empty-upload-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(empty, "notes.txt"), "my answers");
            var names = NotebookGenerator.Chapters(GradedSubmissions.Layout).Select(path => Path.GetFileName(path)).ToList();
            var selection = SubmissionFiles.Select(empty, SubmissionBuilder.StarterFiles(GradedSubmissions.Layout), names);
            Assert.That(selection.Files, Is.Empty);
            Assert.That(selection.Notes[0], Does.StartWith("Nothing to grade: the submission holds none of the exercise files (Chapter0.Warmup.cs, ")
                .And.Contain("the chapters' notebooks (00-start-here.ipynb, 01-derivatives-and-autograd.ipynb, "));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static string Chapter(string notebookName) => int.Parse(notebookName[..2], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

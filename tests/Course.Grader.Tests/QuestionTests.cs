using System.Reflection;
using System.Text.RegularExpressions;
using DeepLearning.Exercises.Tests;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The quick questions ("predict, then run"): the reference answers them all, the stub answers none, a wrong answer is
/// told where to look again without being told the answer, and nothing a learner gets holds an answer in plain text.
/// </summary>
public sealed partial class QuestionTests
{
    private static readonly CourseLayout s_layout = GradedSubmissions.Layout;

    private static IEnumerable<SolutionTask> Questions() => SolutionTask.ReadAll(s_layout).Where(task => TaskCatalog.IsQuestion(task.Id));

    [Test]
    public void TheReferenceAnswersEveryQuestion()
    {
        foreach (var question in Questions())
        {
            var answer = ReferenceAnswer(question);
            var report = Checks.Evaluate(question.Id, answer);
            // For a course author adding a question: the hash its visible test must hold.
            Assert.That(report.Passed, Is.True, $"question {question.Id}: the visible test's hash should be {Answers.Hash(question.Id, answer.DynamicInvoke()!)}\n{report}");
        }
    }

    [Test]
    public void AStubIsNotAnsweredAndAWrongAnswerIsToldWhereToLookWithoutTheAnswer()
    {
        var stub = Checks.Evaluate("3.a", new Func<char>(() => throw new NotImplementedException("Question 3.a: the shape of a weight's gradient")));
        Assert.That(stub.IsNotImplemented, Is.True);

        var wrong = Checks.Evaluate("3.a", new Func<char>(() => 'A'));
        Assert.That(wrong.Passed || wrong.IsNotImplemented, Is.False);
        Assert.That(wrong.Results.Single().Message, Does.StartWith("'A' is not the answer; look again at "));
        Assert.That(wrong.ToString(), Does.Not.Contain("'C'"), "the failure does not give the answer away");

        var lowerCase = Checks.Evaluate("3.a", new Func<char>(() => 'c'));
        Assert.That(lowerCase.Passed, Is.True, "a letter counts in either case");
    }

    [Test]
    public void NoLearnerCopyHoldsAnAnswerInPlainText()
    {
        var starter = CourseLayout.SourceFiles(s_layout.StarterExercises).ToDictionary(file => Path.GetFileName(file.Relative), file => File.ReadAllText(file.Full));
        var visibleTests = string.Join("\n", CourseLayout.SourceFiles(Path.Combine(s_layout.Starter, "Tests")).Select(file => File.ReadAllText(file.Full)));
        var cells = NotebookGenerator.Chapters(s_layout)
            .SelectMany(path => JupyterJson.Parse(File.ReadAllText(path), path)["cells"]!.AsArray().Select(cell => cell!.AsObject()))
            .Where(cell => NotebookGenerator.TaskOfCell(cell) is not null)
            .ToDictionary(cell => NotebookGenerator.TaskOfCell(cell)!, JupyterJson.Source);
        foreach (var question in Questions())
        {
            var literal = Literal(ReferenceAnswer(question).DynamicInvoke()!);
            var stubMethod = Regex.Match(starter[question.FileName], $@"{question.MethodName}\(\)\s*\{{[^}}]*\}}").Value;
            Assert.That(stubMethod, Does.Contain("throw new NotImplementedException").And.Not.Contain("return"), $"the starter's stub of question {question.Id}");
            Assert.That(cells[question.Id], Does.Contain("throw new NotImplementedException").And.Not.Contain("return"), $"the notebook's cell of question {question.Id}");
            var fixture = Fixture().Matches(visibleTests).Single(match => match.Groups["id"].Value == question.Id).Value;
            Assert.That(fixture, Does.Contain("Answers.Check("), $"the visible test of question {question.Id} compares a hash");
            Assert.That(Regex.IsMatch(fixture, literal), Is.False, $"the visible test of question {question.Id} holds its answer");
        }
    }

    private static Delegate ReferenceAnswer(SolutionTask question)
    {
        var method = typeof(DeepLearning.Exercises.Warmup).Assembly.GetExportedTypes()
            .Select(type => type.GetMethod(question.MethodName, BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
            .Single(method => method is not null)!;
        return method.CreateDelegate(method.ReturnType == typeof(char) ? typeof(Func<char>) : typeof(Func<int>));
    }

    // The answer as code or text would write it: 'B' or "B" for a letter, the number as a whole word.
    private static string Literal(object answer) => answer is char letter ? $"['\"]{letter}['\"]" : $@"(?<![\w.]){answer}(?![\w.])";

    [GeneratedRegex("""\[TestFixture, Category\("task:(?<id>\d+\.[a-z])"\)\][\s\S]*?\n\}""")]
    private static partial Regex Fixture();
}

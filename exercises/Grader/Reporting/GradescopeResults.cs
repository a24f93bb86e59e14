using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLearning.Grading.Reporting;

/// <summary>
/// Gradescope's autograder results.json: the documented top-level fields (score, execution_time, output,
/// stdout_visibility, tests, extra_data) and for each test score, max_score, status, name, number, output, tags and
/// visibility. Hidden tests get the visibility chosen for them (after_published unless told otherwise) and
/// feedback that tells only how they failed. extra_data holds the course version, commit and runtime that graded.
/// </summary>
public static class GradescopeResults
{
    /// <summary>The visibilities Gradescope accepts for a test.</summary>
    public static readonly string[] Visibilities = ["hidden", "after_due_date", "after_published", "visible"];

    /// <summary>Hidden tests' visibility unless the command line or the course configuration says otherwise.</summary>
    public const string DefaultHiddenVisibility = "after_published";

    public static JsonObject Build(GradeReport report, string hiddenVisibility = DefaultHiddenVisibility)
    {
        if (!Visibilities.Contains(hiddenVisibility))
        {
            throw new GraderException($"hidden-test visibility must be one of {string.Join(", ", Visibilities)}, got '{hiddenVisibility}'");
        }
        var tests = new JsonArray();
        foreach (var test in report.Tests)
        {
            tests.Add(new JsonObject
            {
                ["score"] = test.Score,
                ["max_score"] = test.MaxScore,
                ["status"] = test.Passed ? "passed" : "failed",
                ["name"] = SafeText.Clean(test.Name),
                ["number"] = test.Number,
                ["output"] = SafeText.Clean(test.Feedback),
                ["tags"] = new JsonArray($"task:{test.Test.Task}", test.Test.Hidden ? "hidden" : "visible"),
                ["visibility"] = test.Test.Hidden ? hiddenVisibility : "visible",
            });
        }
        return new JsonObject
        {
            // Gradescope takes this over the tests' sum: the late deduction is applied here.
            ["score"] = report.FinalScore,
            ["execution_time"] = (int)Math.Ceiling(report.ExecutionSeconds),
            ["output"] = SafeText.Clean(Summary(report, hiddenVisibility)),
            // The run's stdout (the teacher's summary) is for instructors only.
            ["stdout_visibility"] = "hidden",
            ["tests"] = tests,
            // What the grade was computed with, so that a regrade can be checked against it.
            ["extra_data"] = new JsonObject
            {
                ["course_version"] = CourseVersion.Current.Version,
                ["course_commit"] = CourseVersion.Current.Commit,
                ["runtime"] = CourseVersion.Current.Runtime,
                ["config_sha256"] = report.ConfigSha256,
            },
        };
    }

    public static void Write(GradeReport report, string path, string hiddenVisibility = DefaultHiddenVisibility)
    {
        var json = Build(report, hiddenVisibility).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        WriteAtomically(path, json);
    }

    /// <summary>
    /// The submission-wide text, which Gradescope always shows: the score, task by task, and the notes (files graded,
    /// compile errors). While hidden tests are held back (any visibility but "visible") it counts the visible tests
    /// only, as Gradescope itself hides the total then: a total or a task's score that included the hidden tests
    /// would tell how they went before their results are released.
    /// </summary>
    public static string Summary(GradeReport report, string hiddenVisibility = "after_published")
    {
        var showsHidden = hiddenVisibility == "visible";
        var shown = showsHidden ? report.Tests : report.Tests.Where(test => !test.Test.Hidden).ToList();
        var (score, max) = (shown.Sum(test => test.Score), shown.Sum(test => test.MaxScore));
        var percent = max == 0 ? 0 : 100 * score / max;
        var lines = new List<string> { showsHidden ? $"Score: {score:0.##} / {max:0.##} ({percent:0.#} %)" : $"Visible tests: {score:0.##} / {max:0.##} ({percent:0.#} %)" };
        if (report.Late is { } late)
        {
            // The deduction is a share of the whole score, so the final score is shown only with the hidden tests.
            lines.Add(late.Explanation);
            if (showsHidden)
            {
                lines.Add($"Final score: {report.FinalScore:0.##} / {report.MaxScore:0.##}");
            }
        }
        var hidden = report.Tests.Where(test => test.Test.Hidden).ToList();
        if (!showsHidden && hidden.Count > 0)
        {
            lines.Add($"{hidden.Count} hidden tests ({hidden.Sum(test => test.MaxScore):0.##} points) count toward the score too; {WhenHiddenAreShown(hiddenVisibility)}.");
        }
        lines.Add("");
        var titles = report.TaskTitles;
        lines.AddRange(shown.GroupBy(test => test.Test.Task).OrderBy(task => task.Key, TaskIdComparer.Instance).Select(task =>
            $"Task {task.Key}{(titles.TryGetValue(task.Key, out var title) ? $" ({title})" : "")}: {task.Sum(test => test.Score):0.##} / {task.Sum(test => test.MaxScore):0.##}"));
        if (report.Notes.Count > 0)
        {
            lines.Add("");
            lines.AddRange(report.Notes);
        }
        return string.Join("\n", lines);
    }

    private static string WhenHiddenAreShown(string hiddenVisibility) => hiddenVisibility switch
    {
        "after_due_date" => "their results, and the total, are shown after the due date",
        "after_published" => "their results, and the total, are shown when the grades are published",
        _ => "their results are not shown",
    };

    /// <summary>A results.json for a submission that could not be graded: a zero, and why, where Gradescope shows it.</summary>
    public static void WriteFailure(string path, string reason) =>
        WriteAtomically(path, $$"""{ "score": 0, "output": {{JsonSerializer.Serialize(SafeText.Clean("The autograder could not grade this submission: " + reason))}}, "tests": [] }""");

    internal static void WriteAtomically(string path, string text) => AtomicFile.Write(path, text);
}

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
            ["output"] = SafeText.Clean(Summary(report)),
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

    /// <summary>The submission-wide text: the score, task by task, and the notes (files graded, compile errors).</summary>
    public static string Summary(GradeReport report)
    {
        var lines = new List<string> { $"Score: {report.Score:0.##} / {report.MaxScore:0.##} ({report.Percent:0.#} %)", "" };
        if (report.Late is { } late)
        {
            lines.InsertRange(1, [late.Explanation, $"Final score: {report.FinalScore:0.##} / {report.MaxScore:0.##}"]);
        }
        lines.AddRange(report.TaskScores().Select(task =>
            $"Task {task.Task}{(report.TaskTitles.TryGetValue(task.Task, out var title) ? $" ({title})" : "")}: {task.Score:0.##} / {task.MaxScore:0.##}"));
        if (report.Notes.Count > 0)
        {
            lines.Add("");
            lines.AddRange(report.Notes);
        }
        return string.Join("\n", lines);
    }

    internal static void WriteAtomically(string path, string text) => AtomicFile.Write(path, text);
}

namespace DeepLearning.Grading.Reporting;

/// <summary>
/// The report a person reads in a terminal or a CI log: task by task with a mark, the failures explained, and
/// the total. Hidden tests' details appear only with <c>revealHidden</c> (a teacher's run).
/// </summary>
public static class TerminalSummary
{
    public static string Format(GradeReport report, bool revealHidden)
    {
        var lines = new List<string>();
        foreach (var task in report.Tests.GroupBy(test => test.Test.Task))
        {
            var score = task.Sum(test => test.Score);
            var max = task.Sum(test => test.MaxScore);
            var mark = score == max ? "✓" : score == 0 ? "✗" : "~";
            var title = report.TaskTitles.TryGetValue(task.Key, out var known) ? $" {known}" : "";
            lines.Add($"{mark} Task {task.Key}{title}  {score:0.##}/{max:0.##}");
            foreach (var test in task.Where(test => !test.Passed))
            {
                var label = test.Name[(test.Name.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                var text = test.Test.Hidden && !revealHidden ? test.Feedback : test.Test.Hidden ? test.Details : test.Feedback;
                lines.Add($"    ✗ {label}");
                lines.AddRange(text.Split('\n').Take(12).Select(line => "        " + line));
            }
        }
        lines.Add("");
        lines.AddRange(report.Notes);
        if (report.TeacherNotes.Count > 0)
        {
            lines.Add("");
            lines.Add("For the teacher (not in results.json):");
            lines.AddRange(report.TeacherNotes.Select(note => "  " + note));
        }
        if (report.Isolation.Length > 0)
        {
            lines.Add(report.Isolation);
        }
        lines.Add($"Score: {report.Score:0.##} / {report.MaxScore:0.##} ({report.Percent:0.#} %); {report.Tests.Count(test => test.Passed)} of {report.Tests.Count} tests passed in {report.ExecutionSeconds:0.0} s ({report.HostStarts} test process{(report.HostStarts == 1 ? "" : "es")})");
        if (report.Late is { } late)
        {
            lines.Add($"{late.Explanation} Final score: {report.FinalScore:0.##} / {report.MaxScore:0.##}");
        }
        return string.Join("\n", lines);
    }
}

using System.Globalization;
using System.Text;

namespace DeepLearning.Grading.Batch;

/// <summary>
/// The class's grades as CSV (RFC 4180: fields separated by commas, records by CRLF, a field that holds a comma, a
/// quote or a line break in double quotes with its quotes doubled), for a spreadsheet or an LMS import. One row a
/// student (a group submission gives each of its students the same row), with the columns
/// <c>student, sid, email, submission</c>, one column a task (its score), <c>total</c>, and <c>error</c> (why a
/// submission could not be graded; its scores are then 0).
/// </summary>
public static class GradesCsv
{
    public static readonly string[] StudentColumns = ["student", "sid", "email", "submission"];

    public static string Build(IReadOnlyList<GradedSubmission> graded, IReadOnlyList<string> tasks)
    {
        var csv = new StringBuilder();
        AppendRecord(csv, [.. StudentColumns, .. tasks, "total", "error"]);
        foreach (var submission in graded)
        {
            var scores = submission.Report?.TaskScores().ToDictionary(task => task.Task, task => task.Score) ?? [];
            var cells = tasks.Select(task => Number(scores.GetValueOrDefault(task))).Append(Number(submission.Report?.Score ?? 0)).Append(submission.Error ?? "").ToList();
            foreach (var student in submission.Submission.Students)
            {
                AppendRecord(csv, [student.Name, student.Sid, student.Email, submission.Submission.Name, .. cells]);
            }
        }
        return csv.ToString();
    }

    private static void AppendRecord(StringBuilder csv, IEnumerable<string> fields) =>
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

    private static string Field(string text)
    {
        // A spreadsheet runs a cell that begins with = + - or @ as a formula: a name or folder is text, so it is
        // kept as text with a leading apostrophe (OWASP's advice against CSV injection).
        var safe = text.Length > 0 && "=+-@\t\r".Contains(text[0]) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + text : text;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"")}\"" : safe;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

using DeepLearning.Grading.Batch;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// grades.csv is RFC 4180 (read back by a strict reader): any name survives quoting, a group's students get a row
/// each, a submission that could not be graded scores 0 with the reason, and a cell that a spreadsheet would run as a
/// formula is kept as text.
/// </summary>
public sealed class GradesCsvTests
{
    private static readonly Dictionary<string, string> s_titles = new() { ["1.1"] = "a derivative", ["1.a"] = "a question" };

    [Test]
    public void EveryNameAndReasonSurvivesQuoting()
    {
        var report = SyntheticReports.Report(s_titles,
            SyntheticReports.Test("A", "1.1", hidden: false, 2.5, passed: true),
            SyntheticReports.Test("B", "1.1", hidden: true, 1, passed: false),
            SyntheticReports.Test("Q", "1.a", hidden: false, 1, passed: true));
        var graded = new List<GradedSubmission>
        {
            new(new ClassSubmission("s1", "/s1", [new Student("Lovelace, Ada \"Countess\"", "0815", "ada@example.edu"), new Student("Two\nLines", "", "")]), report, null, 3),
            new(new ClassSubmission("s2", "/s2", [new Student("+Plus", "-7", "@at")]), null, "the compiler fails, \"badly\"", 1),
        };
        var records = Rfc4180.Parse(GradesCsv.Build(graded, ["1.1", "1.a"]));
        Assert.That(records, Is.EqualTo(new List<List<string>>
        {
            new() { "student", "sid", "email", "submission", "1.1", "1.a", "total", "error" },
            new() { "Lovelace, Ada \"Countess\"", "0815", "ada@example.edu", "s1", "2.5", "1", "3.5", "" },
            new() { "Two\nLines", "", "", "s1", "2.5", "1", "3.5", "" },
            new() { "'+Plus", "-7", "'@at", "s2", "0", "0", "0", "the compiler fails, \"badly\"" },
        }));
    }
}

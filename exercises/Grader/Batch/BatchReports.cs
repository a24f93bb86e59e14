using DeepLearning.Grading.Building;
using DeepLearning.Grading.Reporting;
using DeepLearning.Grading.Similarity;

namespace DeepLearning.Grading.Batch;

/// <summary>
/// What <c>dlc-grade batch</c> writes into its output folder, each file atomically (<see cref="AtomicFile"/>):
/// <c>results/NAME/results.json</c> a submission, as <c>grade</c> writes it; <c>grades.csv</c>; and, for the teacher
/// only, <c>class-report.html</c> and <c>similarity.html</c>.
/// </summary>
public static class BatchReports
{
    public const string GradesFile = "grades.csv";
    public const string ClassReportFile = "class-report.html";
    public const string SimilarityFile = "similarity.html";
    public const string ResultsFolder = "results";

    public static string ResultsPath(string outFolder, ClassSubmission submission) =>
        Path.Combine(outFolder, ResultsFolder, submission.Name, "results.json");

    /// <summary>The submission's results.json, what Gradescope would have shown its students.</summary>
    public static void WriteResults(string outFolder, GradedSubmission graded, string hiddenVisibility)
    {
        var path = ResultsPath(outFolder, graded.Submission);
        if (graded.Report is { } report)
        {
            GradescopeResults.Write(report, path, hiddenVisibility);
        }
        else
        {
            GradescopeResults.WriteFailure(path, graded.Error ?? "unknown error");
        }
    }

    /// <summary>Writes the class's files and returns their paths.</summary>
    public static IReadOnlyList<string> WriteClassFiles(string outFolder, CourseLayout layout, IReadOnlyList<GradedSubmission> graded, double seconds)
    {
        var titles = TaskCatalog.Read(SubmissionBuilder.StarterFiles(layout).Values.Select(file => file.Text));
        var tasks = titles.Keys.Order(TaskIdComparer.Instance).ToList();
        var students = graded.Sum(submission => submission.Submission.Students.Count);
        var files = new List<string>
        {
            Path.Combine(outFolder, GradesFile),
            Path.Combine(outFolder, ClassReportFile),
            Path.Combine(outFolder, SimilarityFile),
        };
        AtomicFile.Write(files[0], GradesCsv.Build(graded, tasks));
        AtomicFile.Write(files[1], ClassReport.Html(ClassStatistics.Compute(graded, titles), graded, students, seconds));
        AtomicFile.Write(files[2], SimilarityReport.Html(SimilarityAnalysis.Compute(layout, graded.Select(submission => submission.Submission).ToList()), titles));
        return files;
    }
}

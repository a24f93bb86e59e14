using DeepLearning.Grading.Honesty;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// Grades each submission once per test run and shares the result: grading is the slow part (a build and a
/// child process each), and several fixtures look at the same reports.
/// </summary>
internal static class GradedSubmissions
{
    public static readonly CourseLayout Layout = CourseLayout.Locate();

    public static readonly RunLimits Limits = new();

    private static readonly HonestyCheck s_check = new(Layout, new Grader(Layout, Limits));
    private static readonly Lazy<HonestyCheck.Result> s_reference = new(s_check.Reference);
    private static readonly Lazy<HonestyCheck.Result> s_starter = new(s_check.Starter);
    private static readonly Dictionary<string, HonestyCheck.Result> s_wrong = [];

    public static HonestyCheck.Result Reference => s_reference.Value;

    public static HonestyCheck.Result Starter => s_starter.Value;

    public static HonestyCheck.Result Wrong(string name)
    {
        lock (s_wrong)
        {
            if (!s_wrong.TryGetValue(name, out var result))
            {
                result = s_check.Wrong(WrongSubmission.Load(Layout, name));
                s_wrong[name] = result;
                TestContext.Progress.WriteLine($"graded {name}: {result.Report.Score}/{result.Report.MaxScore} in {result.Seconds:0.0} s");
            }
            return result;
        }
    }
}

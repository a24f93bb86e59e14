using Spectre.Console.Cli;
using DeepLearning.Grading.Honesty;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Commands;

/// <summary>
/// <c>dlc-grade honesty</c>: grades the reference, the starter and every wrong submission, and prints each score
/// against the score it must get, with the time each took. Exit code 1 if any disagrees.
/// </summary>
internal sealed class HonestyCommand : Command<CourseSettings>
{
    public override int Execute(CommandContext context, CourseSettings settings, CancellationToken cancellationToken)
    {
        var layout = CourseLayout.Locate(settings.Course);
        var check = new HonestyCheck(layout, new Grader(layout, new RunLimits()));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var problems = 0;
        var results = new List<HonestyCheck.Result> { check.Reference(), check.Starter() };
        foreach (var submission in WrongSubmission.LoadAll(layout))
        {
            results.Add(check.Wrong(submission));
        }
        Console.WriteLine($"{"submission",-36} {"expected",9} {"score",9} {"of",6} {"seconds",8}");
        foreach (var result in results)
        {
            Console.WriteLine($"{result.Name,-36} {result.ExpectedScore,9:0.##} {result.Report.Score,9:0.##} {result.Report.MaxScore,6:0.##} {result.Seconds,8:0.0}  {(result.Problems.Count == 0 ? "ok" : "MISMATCH")}");
            foreach (var problem in result.Problems)
            {
                Console.WriteLine($"    {problem}");
            }
            problems += result.Problems.Count;
        }
        Console.WriteLine($"{results.Count} submissions graded in {clock.Elapsed.TotalSeconds:0.0} s; {(problems == 0 ? "every score as expected" : $"{problems} problems")}");
        return problems == 0 ? 0 : 1;
    }
}

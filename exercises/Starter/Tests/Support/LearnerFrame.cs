using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// Where in the learner's code an exception was thrown: the first frame of its stack trace in the learner's code, not
/// the engine's, a test's or the framework's. The learner's code is the exercises' assembly (<c>Course.Exercises</c>,
/// which the grader compiles with a PDB: file and line) or a notebook cell, which the .NET Interactive kernel compiles
/// as a script submission (a class <c>Submission#12</c>; its lines count from the top of the cell).
/// </summary>
/// <remarks>
/// Shared by the notebook checks (<c>Checks</c>) and the grader's test host, which compiles this file in too:
/// a failure reads the same wherever the tests run. The exception is reported from the engine's frame that threw it
/// ("index 5 is out of range for axis 3"), at the learner's line that called the engine.
/// </remarks>
internal sealed record LearnerFrame(string Method, string? File, int Line)
{
    /// <summary>The first frame in the learner's code, or null when the exception never passed through it.</summary>
    public static LearnerFrame? Find(Exception exception)
    {
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetMethod() is { DeclaringType: { } type } method && IsLearners(type))
            {
                return new LearnerFrame(Name(method), frame.GetFileName(), frame.GetFileLineNumber());
            }
        }
        return null;
    }

    /// <summary>
    /// "Task 6.5 threw IndexOutOfRangeException in your MaxPool2d (line 7 of your cell): index 5 is out of range for
    /// axis 3"; without a frame in the learner's code, "Task 6.5: IndexOutOfRangeException: ...".
    /// </summary>
    public static string Describe(string taskId, Exception exception) =>
        Find(exception) is { } frame
            ? $"Task {taskId} threw {exception.GetType().Name} {frame}: {exception.Message}"
            : $"Task {taskId}: {exception.GetType().Name}: {exception.Message}";

    /// <summary>"in your Convolution.MaxPool2d (Chapter6.Convolution.cs, line 57)", "in your MaxPool2d (line 7 of your cell task-6-5 of 06-convolutional-networks.ipynb)".</summary>
    public override string ToString()
    {
        var file = File is null ? null : Path.GetFileName(File);
        var where = (Line, file) switch
        {
            (<= 0, _) => "",
            (_, null or "") => $" (line {Line} of your cell)",
            // A notebook graded by dlc-grade: its cells' lines carry "NN-name.ipynb, cell task-X-Y".
            (_, _) when s_cellLabel.Match(file) is { Success: true } cell => $" (line {Line} of your cell {cell.Groups["cell"].Value} of {cell.Groups["notebook"].Value})",
            _ => $" ({file}, line {Line})",
        };
        return $"in your {Method}{where}";
    }

    private static bool IsLearners(Type type)
    {
        var outermost = type;
        while (outermost.DeclaringType is { } outer)
        {
            outermost = outer;
        }
        return type.Assembly.GetName().Name == "Course.Exercises" || outermost.Name.StartsWith("Submission#", StringComparison.Ordinal);
    }

    // Convolution.MaxPool2d; a lambda or local function inside it ("<MaxPool2d>b__3_0") is reported as MaxPool2d; a
    // notebook's function has no class to name.
    private static string Name(MethodBase method)
    {
        var type = method.DeclaringType!;
        var name = s_compilerGenerated.Match(method.Name) is { Success: true } inner ? inner.Groups["name"].Value : method.Name;
        while (type.DeclaringType is not null && type.Name.StartsWith('<'))
        {
            type = type.DeclaringType;
        }
        return type.Name.StartsWith("Submission#", StringComparison.Ordinal) ? name : $"{type.Name}.{name}";
    }

    // Plain regexes: the grader compiles the tests' support files with Roslyn alone, without source generators.
    private static readonly Regex s_compilerGenerated = new("^<(?<name>[^>]+)>");

    private static readonly Regex s_cellLabel = new("^(?<notebook>.+), cell (?<cell>task-[0-9a-z-]+)$");
}

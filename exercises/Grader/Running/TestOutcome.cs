namespace DeepLearning.Grading.Running;

/// <summary>Why a test failed; hidden tests report only this, never the message.</summary>
public enum FailureKind
{
    /// <summary>An assertion did not hold: a wrong result.</summary>
    WrongResult,

    /// <summary>The stub still throws NotImplementedException.</summary>
    NotImplemented,

    /// <summary>The code under test threw.</summary>
    Exception,

    /// <summary>The test ran past its time limit and its process was killed.</summary>
    Timeout,

    /// <summary>The test ended its process: a stack overflow, Environment.Exit, or an unhandled exception on another thread.</summary>
    Crash,

    /// <summary>The test used more memory than the limit.</summary>
    OutOfMemory,

    /// <summary>The code of the test's chapter did not compile, so the chapter was graded as the starter.</summary>
    CompileError,

    /// <summary>The test never ran: the overall time limit was reached first.</summary>
    NotRun,

    /// <summary>The task's code calls an engine member that the task asks the learner to write instead.</summary>
    NotAllowedCall,

    /// <summary>The task's method is not in the submission at all (an old submission, from before the task was added): its stub stood in.</summary>
    MissingMember,
}

/// <summary>What running one test gave: passed, or how it failed, with its captured output.</summary>
/// <param name="Id">The test's <see cref="TestCaseInfo.Id"/>.</param>
/// <param name="Passed">True when it ran to the end without an exception.</param>
/// <param name="Failure">How it failed; null when it passed.</param>
/// <param name="Message">Expected versus actual, the exception, or what ended the process.</param>
/// <param name="Output">What the test wrote to the console, truncated to the output limit.</param>
/// <param name="Seconds">How long it ran.</param>
public sealed record TestOutcome(string Id, bool Passed, FailureKind? Failure, string Message, string Output, double Seconds)
{
    /// <summary>
    /// For an exception from the learner's code, where it was thrown, without its message: "IndexOutOfRangeException
    /// in your Convolution.MaxPool2d (Chapter6.Convolution.cs, line 57)". A hidden test may say this much.
    /// </summary>
    public string? ThrownIn { get; init; }

    public static TestOutcome Fail(string id, FailureKind failure, string message, string output = "", double seconds = 0) =>
        new(id, false, failure, message, output, seconds);
}

using NUnit.Framework;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using DeepLearning.Grading.Sandbox;
using Microsoft.Win32.SafeHandles;

namespace DeepLearning.Grading.Running;

/// <summary>
/// The child process that runs a submission's tests, inside the OS boundary:
/// <c>dlc-grade run-tests BIN TESTS OUTPUT_CHARACTERS</c>. It reads the channel key and the plan (test ids, one a
/// line, ended by an empty line) from its standard input before it loads any code under test, keeps a private
/// copy of its standard output as the channel to the grader, and points its own standard output at its standard
/// error. Then it runs the plan's tests in order, each on a fresh thread with its console output captured, and
/// reports each start and end. If a test ends the process (a stack overflow, Environment.Exit) or the grader
/// kills it (time, memory), the grader knows which test was running and starts a new host for the rest.
/// </summary>
public static class TestHost
{
    public const string Command = "run-tests";
    private const int MaxMessage = 16 * 1024;

    public static int Run(string binDirectory, string testsAssemblyName, int outputCharacters)
    {
        var input = Console.OpenStandardInput();
        var key = System.Convert.FromBase64String(ReadLine(input));
        var plan = new List<string>();
        for (var line = ReadLine(input); line.Length > 0; line = ReadLine(input))
        {
            plan.Add(line);
        }
        Native.RedirectToNull(Native.StdIn);
        var channel = new FileStream(new SafeFileHandle(Native.DuplicatePrivately(Native.StdOut), ownsHandle: true), FileAccess.Write, bufferSize: 0);
        Native.Redirect(Native.StdErr, Native.StdOut);
        // Only this frame holds the writer and its key: no static field or captured variable leads to them.
        var writer = new HostChannelWriter(channel, key);

        var directory = Path.GetFullPath(binDirectory);
        // The tests reference the submission's assembly, which sits beside them rather than beside the grader.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        // The submission's assembly must be the one beside the tests: never another copy the host could find first.
        foreach (var file in Directory.EnumerateFiles(directory, "*.dll"))
        {
            var loaded = AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
            if (!string.Equals(loaded.Location, file, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the test host loaded {loaded.GetName().Name} from {loaded.Location} instead of {file}");
            }
        }
        var tests = TestDiscovery.Discover(AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(directory, testsAssemblyName + ".dll")))
            .ToDictionary(test => test.Info.Id);
        writer.Send(new HostEvent(HostEventKind.Ready));
        var fixtures = new FixtureInstances();
        foreach (var id in plan)
        {
            writer.Send(new HostEvent(HostEventKind.Start, Id: id));
            var outcome = tests.TryGetValue(id, out var test)
                ? RunOne(test, fixtures, outputCharacters)
                : TestOutcome.Fail(id, FailureKind.Exception, "the test host has no such test");
            writer.Send(new HostEvent(HostEventKind.End, Id: id, Outcome: outcome));
        }
        writer.Send(new HostEvent(HostEventKind.Done));
        // Exit at once: a thread that the code under test left running must not keep the host alive.
        Environment.Exit(0);
        return 0;
    }

    // One line of standard input, read a byte at a time so that nothing past it is buffered.
    private static string ReadLine(Stream input)
    {
        var bytes = new List<byte>();
        for (var next = input.ReadByte(); next is not (-1 or '\n'); next = input.ReadByte())
        {
            bytes.Add((byte)next);
        }
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static TestOutcome RunOne(TestDiscovery.RunnableTest test, FixtureInstances fixtures, int outputCharacters)
    {
        var output = new BoundedTextWriter(outputCharacters);
        Console.SetOut(output);
        Console.SetError(output);
        var stopwatch = Stopwatch.StartNew();
        Exception? failure = null;
        // A fresh thread per test: thread-static state that one test leaves behind (an open Autograd.NoGrad()
        // scope, say) does not leak into the next. Default stack size, as under dotnet test.
        var thread = new Thread(() => failure = Invoke(test, fixtures));
        thread.Start();
        thread.Join();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.Out.Flush();
        var text = output.ToString();
        return failure is null
            ? new TestOutcome(test.Info.Id, true, null, "", text, seconds)
            : Describe(test.Info.Id, test.Info.Task, failure, text, seconds);
    }

    private static Exception? Invoke(TestDiscovery.RunnableTest test, FixtureInstances fixtures)
    {
        try
        {
            var instance = fixtures.Get(test.Fixture);
            Call(test.Fixture, instance, typeof(SetUpAttribute));
            try
            {
                var result = test.Method.Invoke(instance, Convert(test.Arguments, test.Method.GetParameters()));
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }
            }
            finally
            {
                Call(test.Fixture, instance, typeof(TearDownAttribute));
            }
            return null;
        }
        catch (Exception exception)
        {
            return Unwrap(exception);
        }
    }

    internal static void Call(Type fixture, object instance, Type attribute)
    {
        foreach (var method in fixture.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                     .Where(method => method.IsDefined(attribute, inherit: true)))
        {
            method.Invoke(method.IsStatic ? null : instance, null);
        }
    }

    // [TestCase(1, 2)] on a method taking doubles: NUnit converts the arguments, and so must we.
    private static object?[] Convert(object?[] arguments, ParameterInfo[] parameters) =>
        arguments.Select((argument, i) => argument is IConvertible && argument.GetType() != parameters[i].ParameterType
            ? System.Convert.ChangeType(argument, parameters[i].ParameterType, System.Globalization.CultureInfo.InvariantCulture)
            : argument).ToArray();

    private static Exception Unwrap(Exception exception)
    {
        while (exception is TargetInvocationException { InnerException: { } inner })
        {
            exception = inner;
        }
        return exception;
    }

    /// <summary>
    /// Turns a test's exception into a report: the assertion message, or the exception with the task and the learner's
    /// line where it was thrown ("Task 9.1 threw IndexOutOfRangeException in your FastMatMul.MatMulIkj
    /// (Chapter9.FastMatMul.cs, line 21): ..."), then the learner's frames.
    /// </summary>
    internal static TestOutcome Describe(string id, string task, Exception exception, string output, double seconds)
    {
        var outcome = DescribeFully(id, task, exception, output, seconds);
        // A message is the learner's to make as long as they like; the grader's channel takes a readable part of it.
        return outcome.Message.Length <= MaxMessage ? outcome : outcome with { Message = $"{outcome.Message[..MaxMessage]}\n... [message truncated: {outcome.Message.Length - MaxMessage:N0} more characters]" };
    }

    private static TestOutcome DescribeFully(string id, string task, Exception exception, string output, double seconds) => exception switch
    {
        // Only a failed assertion counts as a wrong result. Assert.Pass (a SuccessException) is not a pass here:
        // no test uses it, so one thrown by code under test is an attempt to skip the checks.
        AssertionException or MultipleAssertException => TestOutcome.Fail(id, FailureKind.WrongResult, exception.Message.Trim(), output, seconds),
        NotImplementedException => TestOutcome.Fail(id, FailureKind.NotImplemented, $"not implemented yet: {exception.Message}", output, seconds),
        OutOfMemoryException =>
            TestOutcome.Fail(id, FailureKind.OutOfMemory, $"ran out of memory ({exception.GetType().Name}): a test may use only a limited amount", output, seconds),
        _ => TestOutcome.Fail(id, FailureKind.Exception, $"{DeepLearning.Exercises.Tests.LearnerFrame.Describe(task, exception)}{SubmissionFrames(exception)}", output, seconds)
            with { ThrownIn = DeepLearning.Exercises.Tests.LearnerFrame.Find(exception) is { } frame ? $"{exception.GetType().Name} {frame}" : null },
    };

    // The frames in the learner's code, with file and line (the grader compiles with an embedded PDB).
    private static string SubmissionFrames(Exception exception)
    {
        var frames = (exception.StackTrace ?? "").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("at DeepLearning.Exercises.", StringComparison.Ordinal) && !line.StartsWith("at DeepLearning.Exercises.Tests.", StringComparison.Ordinal))
            .Take(5)
            .ToList();
        return frames.Count == 0 ? "" : "\n  " + string.Join("\n  ", frames);
    }

    /// <summary>
    /// One instance of each fixture, made on first use with its [OneTimeSetUp] run, as NUnit does. A failed setup
    /// fails every test of the fixture with the same exception.
    /// </summary>
    private sealed class FixtureInstances
    {
        private readonly Dictionary<Type, (object Instance, Exception? SetupFailure)> _instances = [];

        public object Get(Type fixture)
        {
            if (!_instances.TryGetValue(fixture, out var entry))
            {
                var instance = Activator.CreateInstance(fixture)!;
                Exception? setupFailure = null;
                try
                {
                    Call(fixture, instance, typeof(OneTimeSetUpAttribute));
                }
                catch (Exception exception)
                {
                    setupFailure = exception;
                }
                entry = (instance, setupFailure);
                _instances[fixture] = entry;
            }
            if (entry.SetupFailure is not null)
            {
                throw entry.SetupFailure;
            }
            return entry.Instance;
        }
    }
}

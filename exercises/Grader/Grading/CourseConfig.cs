using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeepLearning.Grading.Reporting;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading;

/// <summary>
/// A term's grading choices, in a file beside the course (<c>course.json</c>) rather than in the tests: the points of a
/// task or a test, which tasks count, the late policy and when learners see hidden tests. Without a file (or for what
/// it leaves out) the tests' own attributes decide: <c>[Weight]</c> points a test, every task counts, no late policy.
/// <code>
/// {
///   "tasks": { "4.3": { "points": 6 }, "0.c": { "counts": false } },
///   "tests": { "Task4_1_LinearForward.WithBias": { "points": 2 } },
///   "latePolicy": { "deadline": "2027-01-15T23:59:00+01:00", "penaltyPercentPerDay": 10, "cutoff": "2027-01-22T23:59:00+01:00" },
///   "hiddenTests": { "visibility": "after_due_date" }
/// }
/// </code>
/// A task's points are shared among its tests in proportion to their weights; a test's points replace its weight; a
/// task that does not count is still run and shown, worth 0 points. Every mistake is an error that names the file, the
/// key and what is wrong: the file is read in full before anything is graded, and checked against the course's tests.
/// </summary>
/// <param name="FileName">The file it was read from, for messages.</param>
/// <param name="Sha256">The file's SHA-256, which results.json carries, so that a regrade can be matched to its settings.</param>
/// <param name="Tasks">Task id → its settings, for the tasks the file names.</param>
/// <param name="TestPoints">Test id (Fixture.Method) → its points, for the tests the file names.</param>
/// <param name="Late">The late policy, or null for none.</param>
/// <param name="HiddenVisibility">Gradescope's visibility for hidden tests, or null for the default.</param>
public sealed partial record CourseConfig(
    string FileName,
    string Sha256,
    IReadOnlyDictionary<string, CourseConfig.TaskSettings> Tasks,
    IReadOnlyDictionary<string, double> TestPoints,
    LatePolicy? Late,
    string? HiddenVisibility)
{
    /// <summary>A task's settings: its points (shared among its tests), or null for the sum of their weights; whether it counts.</summary>
    public sealed record TaskSettings(double? Points, bool Counts);

    private static readonly string[] s_topKeys = ["tasks", "tests", "latePolicy", "hiddenTests"];

    /// <summary>Reads and checks the file's form and values (not yet whether its tasks and tests exist: <see cref="Check"/>).</summary>
    public static CourseConfig Load(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new GraderException($"{path}: the course configuration file does not exist");
        }
        var bytes = File.ReadAllBytes(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new GraderException($"{name}:{exception.LineNumber + 1}:{exception.BytePositionInLine + 1}: not valid JSON: {FirstSentence(exception.Message)}");
        }
        using (document)
        {
            var root = Object(name, "the top level", document.RootElement);
            KnownKeys(name, "", root, s_topKeys);
            var tasks = new Dictionary<string, TaskSettings>();
            if (Member(root, "tasks") is { } taskObject)
            {
                foreach (var task in Object(name, "tasks", taskObject).EnumerateObject())
                {
                    var key = $"tasks[\"{task.Name}\"]";
                    if (!TaskId().IsMatch(task.Name))
                    {
                        throw Error(name, key, "a task id is a chapter and a number or letter, such as \"4.3\" or \"4.a\"");
                    }
                    var settings = Object(name, key, task.Value);
                    KnownKeys(name, key, settings, ["points", "counts"]);
                    var points = Member(settings, "points") is { } value ? Points(name, $"{key}.points", value) : (double?)null;
                    var counts = Member(settings, "counts") is not { } flag || Boolean(name, $"{key}.counts", flag);
                    if (!counts && points is not null)
                    {
                        throw Error(name, key, "a task that does not count has no points: remove \"points\" or \"counts\"");
                    }
                    tasks[task.Name] = new TaskSettings(points, counts);
                }
            }
            var tests = new Dictionary<string, double>();
            if (Member(root, "tests") is { } testObject)
            {
                foreach (var test in Object(name, "tests", testObject).EnumerateObject())
                {
                    var key = $"tests[\"{test.Name}\"]";
                    var settings = Object(name, key, test.Value);
                    KnownKeys(name, key, settings, ["points"]);
                    tests[test.Name] = Member(settings, "points") is { } value ? Points(name, $"{key}.points", value) : throw Error(name, key, "says nothing: give it \"points\"");
                }
            }
            var late = Member(root, "latePolicy") is { } policy ? ReadLatePolicy(name, Object(name, "latePolicy", policy)) : null;
            string? visibility = null;
            if (Member(root, "hiddenTests") is { } hidden)
            {
                var settings = Object(name, "hiddenTests", hidden);
                KnownKeys(name, "hiddenTests", settings, ["visibility"]);
                if (Member(settings, "visibility") is { } value)
                {
                    visibility = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(name, "hiddenTests.visibility", $"must be a string, got {Describe(value)}");
                    if (!GradescopeResults.Visibilities.Contains(visibility))
                    {
                        throw Error(name, "hiddenTests.visibility", $"'{visibility}' is not a Gradescope visibility: use one of {string.Join(", ", GradescopeResults.Visibilities)}");
                    }
                }
            }
            return new CourseConfig(name, Convert.ToHexStringLower(SHA256.HashData(bytes)), tasks, tests, late, visibility);
        }
    }

    /// <summary>
    /// Checks the file against the course's tests: every task and test it names exists, no task gets points both as a
    /// task and through its tests, and something still counts. Throws naming the key.
    /// </summary>
    public void Check(IReadOnlyCollection<TestCaseInfo> courseTests)
    {
        var byTask = courseTests.GroupBy(test => test.Task).ToDictionary(group => group.Key, group => group.ToList());
        foreach (var (task, settings) in Tasks)
        {
            if (!byTask.ContainsKey(task))
            {
                var chapter = byTask.Keys.Where(id => id.Split('.')[0] == task.Split('.')[0]).Order(TaskIdComparer.Instance).ToList();
                throw Error(FileName, $"tasks[\"{task}\"]", $"the course has no task {task}" +
                    (chapter.Count > 0 ? $" (chapter {task.Split('.')[0]}'s tasks are {string.Join(", ", chapter)})" : $" (nor a chapter {task.Split('.')[0]})"));
            }
            if (settings.Points is not null && byTask[task].FirstOrDefault(test => TestPoints.ContainsKey(test.Id)) is { } both)
            {
                throw Error(FileName, $"tasks[\"{task}\"].points", $"task {task}'s points are also set through its test: tests[\"{both.Id}\"]; set the task's or its tests', not both");
            }
        }
        var byId = courseTests.ToDictionary(test => test.Id);
        foreach (var test in TestPoints.Keys)
        {
            if (!byId.TryGetValue(test, out var known))
            {
                throw Error(FileName, $"tests[\"{test}\"]", "the course has no such test (a test id is Fixture.Method, with the arguments of a [TestCase]: the names in the JUnit XML's details and the terminal's --reveal-hidden report)");
            }
            if (!Counts(known.Task))
            {
                throw Error(FileName, $"tests[\"{test}\"]", $"its task {known.Task} does not count (tasks[\"{known.Task}\"].counts is false), so it has no points to set");
            }
        }
        if (byTask.Keys.All(task => !Counts(task)))
        {
            throw Error(FileName, "tasks", "no task counts: every task has \"counts\": false");
        }
    }

    /// <summary>Whether a task's points count towards the grade.</summary>
    public bool Counts(string task) => Tasks.GetValueOrDefault(task)?.Counts ?? true;

    /// <summary>
    /// The tests with the points this file gives them: a test's own points, else its share of its task's points (in
    /// proportion to the tests' weights), else its weight; 0 for the tests of a task that does not count.
    /// </summary>
    public IReadOnlyList<TestCaseInfo> Reweigh(IReadOnlyList<TestCaseInfo> tests)
    {
        var taskWeights = tests.GroupBy(test => test.Task).ToDictionary(group => group.Key, group => group.Sum(test => test.Weight));
        return tests.Select(test => test with
        {
            Weight = !Counts(test.Task) ? 0
                : TestPoints.TryGetValue(test.Id, out var points) ? points
                : Tasks.GetValueOrDefault(test.Task)?.Points is { } taskPoints ? (taskWeights[test.Task] == 0 ? 0 : taskPoints * test.Weight / taskWeights[test.Task])
                : test.Weight,
        }).ToList();
    }

    private static LatePolicy ReadLatePolicy(string name, JsonElement policy)
    {
        KnownKeys(name, "latePolicy", policy, ["deadline", "penaltyPercentPerDay", "cutoff"]);
        var deadline = Member(policy, "deadline") is { } value ? Time(name, "latePolicy.deadline", value) : throw Error(name, "latePolicy", "needs a \"deadline\"");
        var percent = Member(policy, "penaltyPercentPerDay") is { } penalty ? Points(name, "latePolicy.penaltyPercentPerDay", penalty) : throw Error(name, "latePolicy", "needs a \"penaltyPercentPerDay\" (0 for none)");
        if (percent > 100)
        {
            throw Error(name, "latePolicy.penaltyPercentPerDay", $"is a percentage of the score, at most 100, got {percent}");
        }
        var cutoff = Member(policy, "cutoff") is { } last ? Time(name, "latePolicy.cutoff", last) : (DateTimeOffset?)null;
        if (cutoff < deadline)
        {
            throw Error(name, "latePolicy.cutoff", "comes before the deadline");
        }
        return new LatePolicy(deadline, percent, cutoff);
    }

    private static JsonElement? Member(JsonElement element, string key) => element.TryGetProperty(key, out var value) ? value : null;

    private static JsonElement Object(string name, string key, JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Error(name, key, $"must be an object {{ ... }}, got {Describe(element)}");

    private static void KnownKeys(string name, string key, JsonElement element, string[] known)
    {
        foreach (var property in element.EnumerateObject().Where(property => !known.Contains(property.Name)))
        {
            throw Error(name, key.Length == 0 ? property.Name : $"{key}.{property.Name}", $"unknown key; {(key.Length == 0 ? "the top level" : key)} may hold {string.Join(", ", known)}");
        }
    }

    private static double Points(string name, string key, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw Error(name, key, $"must be a number, got {Describe(element)}");
        }
        var points = element.GetDouble();
        return points >= 0 && double.IsFinite(points) ? points : throw Error(name, key, $"must not be negative, got {element.GetRawText()}");
    }

    private static bool Boolean(string name, string key, JsonElement element) =>
        element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean() : throw Error(name, key, $"must be true or false, got {Describe(element)}");

    private static DateTimeOffset Time(string name, string key, JsonElement element)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Error(name, key, $"must be a time as a string, got {Describe(element)}");
        return LatePolicy.TryParseTime(text, out var time)
            ? time
            : throw Error(name, key, $"'{text}' is not a time with its UTC offset, such as \"2027-01-15T23:59:00+01:00\" or \"2027-01-15T22:59:00Z\"");
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {element.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => element.GetRawText(),
    };

    private static GraderException Error(string name, string key, string what) => new($"{name}: {key}: {what}");

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();

    [GeneratedRegex(@"^\d+\.(?:\d+|[a-z])$")]
    private static partial Regex TaskId();
}

using DeepLearning.Grading.Building;
using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The course configuration file: every mistake in it is an error naming the file, the key and what is wrong, and
/// what it says changes the points as documented (a task's points shared by its tests' weights, a test's own points,
/// a task that does not count, the late deduction). The course's tests are listed by compiling them, not by grading.
/// </summary>
public sealed class CourseConfigTests
{
    private static readonly Lazy<IReadOnlyList<TestCaseInfo>> s_courseTests = new(() =>
    {
        var set = TestAssemblies.For(GradedSubmissions.Layout);
        return [.. set.VisibleTests, .. set.HiddenTests];
    });

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("dlc-grade-config-");

    [TearDown]
    public void RemoveFolder() => _folder.Delete(recursive: true);

    [TestCase("""{ "tasks": { "4.1": { "points": -1 } } }""", """course.json: tasks["4.1"].points: must not be negative, got -1""")]
    [TestCase("""{ "tests": { "Task4_1_LinearForward.WithBias": { "points": "2" } } }""", "course.json: tests[\"Task4_1_LinearForward.WithBias\"].points: must be a number, got the string \"2\"")]
    [TestCase("""{ "hiddenTests": { "visibility": "later" } }""", "course.json: hiddenTests.visibility: 'later' is not a Gradescope visibility: use one of hidden, after_due_date, after_published, visible")]
    [TestCase("""{ "task": { } }""", "course.json: task: unknown key; the top level may hold tasks, tests, latePolicy, hiddenTests")]
    [TestCase("""{ "tasks": { "4.1": { "point": 2 } } }""", """course.json: tasks["4.1"].point: unknown key; tasks["4.1"] may hold points, counts""")]
    [TestCase("""{ "tasks": { "four": { } } }""", "course.json: tasks[\"four\"]: a task id is a chapter and a number or letter, such as \"4.3\" or \"4.a\"")]
    [TestCase("""{ "tasks": { "4.1": { "counts": "no" } } }""", "course.json: tasks[\"4.1\"].counts: must be true or false, got the string \"no\"")]
    [TestCase("""{ "tasks": { "4.1": { "counts": false, "points": 3 } } }""", "course.json: tasks[\"4.1\"]: a task that does not count has no points: remove \"points\" or \"counts\"")]
    [TestCase("""{ "tasks": [ "4.1" ] }""", "course.json: tasks: must be an object { ... }, got an array")]
    [TestCase("""{ "tests": { "Task4_1_LinearForward.WithBias": { } } }""", "course.json: tests[\"Task4_1_LinearForward.WithBias\"]: says nothing: give it \"points\"")]
    [TestCase("""{ "latePolicy": { "deadline": "2027-01-15T23:59:00", "penaltyPercentPerDay": 10 } }""", "course.json: latePolicy.deadline: '2027-01-15T23:59:00' is not a time with its UTC offset, such as \"2027-01-15T23:59:00+01:00\" or \"2027-01-15T22:59:00Z\"")]
    [TestCase("""{ "latePolicy": { "penaltyPercentPerDay": 10 } }""", "course.json: latePolicy: needs a \"deadline\"")]
    [TestCase("""{ "latePolicy": { "deadline": "2027-01-15T23:59:00Z", "penaltyPercentPerDay": 150 } }""", "course.json: latePolicy.penaltyPercentPerDay: is a percentage of the score, at most 100, got 150")]
    [TestCase("""{ "latePolicy": { "deadline": "2027-01-15T23:59:00Z", "penaltyPercentPerDay": 10, "cutoff": "2027-01-14T23:59:00Z" } }""", "course.json: latePolicy.cutoff: comes before the deadline")]
    [TestCase("{ \"tasks\": {\n  \"4.1\": { \"points\": 2 ", "course.json:2:")]
    public void AMistakeInTheFileIsAnErrorNamingTheFileTheKeyAndTheProblem(string json, string message) =>
        Assert.That(() => CourseConfig.Load(Write(json)), Throws.TypeOf<GraderException>().With.Message.StartWith(message));

    [TestCase("""{ "tasks": { "4.99": { "points": 3 } } }""", """course.json: tasks["4.99"]: the course has no task 4.99 (chapter 4's tasks are 4.1, """)]
    [TestCase("""{ "tasks": { "99.1": { "counts": false } } }""", """course.json: tasks["99.1"]: the course has no task 99.1 (nor a chapter 99)""")]
    [TestCase("""{ "tests": { "Task4_1_LinearForward.NoSuchTest": { "points": 2 } } }""", """course.json: tests["Task4_1_LinearForward.NoSuchTest"]: the course has no such test""")]
    [TestCase("""{ "tasks": { "4.1": { "points": 4 } }, "tests": { "Task4_1_LinearForward.WithBias": { "points": 2 } } }""",
        """course.json: tasks["4.1"].points: task 4.1's points are also set through its test: tests["Task4_1_LinearForward.WithBias"]""")]
    [TestCase("""{ "tasks": { "4.1": { "counts": false } }, "tests": { "Task4_1_LinearForward.WithBias": { "points": 2 } } }""",
        """course.json: tests["Task4_1_LinearForward.WithBias"]: its task 4.1 does not count""")]
    public void ATaskOrTestTheCourseDoesNotHaveIsAnError(string json, string message) =>
        Assert.That(() => CourseConfig.Load(Write(json)).Check(s_courseTests.Value), Throws.TypeOf<GraderException>().With.Message.StartWith(message));

    [Test]
    public void SomethingMustCount()
    {
        var none = string.Join(", ", s_courseTests.Value.Select(test => test.Task).Distinct().Select(task => $"\"{task}\": {{ \"counts\": false }}"));
        Assert.That(() => CourseConfig.Load(Write($$"""{ "tasks": { {{none}} } }""")).Check(s_courseTests.Value),
            Throws.TypeOf<GraderException>().With.Message.EqualTo("course.json: tasks: no task counts: every task has \"counts\": false"));
    }

    [Test]
    public void WithoutSettingsTheTestsWeightsDecide()
    {
        var config = CourseConfig.Load(Write("{ }"));
        config.Check(s_courseTests.Value);
        Assert.That(config.Reweigh(s_courseTests.Value), Is.EqualTo(s_courseTests.Value));
    }

    [Test]
    public void ATasksPointsAreSharedByItsTestsWeightsAndATestsPointsReplaceItsWeight()
    {
        var tests = s_courseTests.Value;
        var config = CourseConfig.Load(Write("""{ "tasks": { "4.3": { "points": 7 } }, "tests": { "Task4_1_LinearForward.WithBias": { "points": 5 } } }"""));
        config.Check(tests);
        var reweighed = config.Reweigh(tests).ToDictionary(test => test.Id);
        var task43 = tests.Where(test => test.Task == "4.3").ToList();
        Assert.That(task43.Sum(test => reweighed[test.Id].Weight), Is.EqualTo(7).Within(1e-9), "task 4.3 is worth 7");
        foreach (var test in task43)
        {
            Assert.That(reweighed[test.Id].Weight, Is.EqualTo(7 * test.Weight / task43.Sum(other => other.Weight)).Within(1e-9), $"{test.Id}: its weight's share");
        }
        Assert.That(reweighed["Task4_1_LinearForward.WithBias"].Weight, Is.EqualTo(5));
        var untouched = tests.Where(test => test.Task != "4.3" && test.Id != "Task4_1_LinearForward.WithBias").ToList();
        Assert.That(untouched.Select(test => reweighed[test.Id]), Is.EqualTo(untouched), "every other test keeps its [Weight]");
    }

    [Test]
    public void ATaskThatDoesNotCountIsWorthNothing()
    {
        var tests = s_courseTests.Value;
        var config = CourseConfig.Load(Write("""{ "tasks": { "0.c": { "counts": false } } }"""));
        config.Check(tests);
        var reweighed = config.Reweigh(tests);
        Assert.That(reweighed.Where(test => test.Task == "0.c").Select(test => test.Weight), Is.Not.Empty.And.All.Zero);
        Assert.That(reweighed.Sum(test => test.Weight), Is.EqualTo(tests.Sum(test => test.Weight) - tests.Where(test => test.Task == "0.c").Sum(test => test.Weight)));
    }

    [TestCase("2027-01-15T23:59:00+01:00", 0)]
    [TestCase("2027-01-16T00:00:00+01:00", 10)]
    [TestCase("2027-01-16T23:59:00+01:00", 10)]
    [TestCase("2027-01-17T00:00:00+01:00", 20)]
    [TestCase("2027-01-16T00:30:00+02:00", 0)]
    [TestCase("2027-01-22T23:59:00+01:00", 70)]
    [TestCase("2027-01-23T00:00:00+01:00", 100)]
    public void ALateSubmissionLosesItsPercentPerStartedDayAndAllAfterTheCutoff(string submitted, double percent)
    {
        var config = CourseConfig.Load(Write("""{ "latePolicy": { "deadline": "2027-01-15T23:59:00+01:00", "penaltyPercentPerDay": 10, "cutoff": "2027-01-22T23:59:00+01:00" } }"""));
        Assert.That(LatePolicy.TryParseTime(submitted, out var time), Is.True);
        var late = config.Late!.For(time);
        Assert.That(late?.Percent ?? 0, Is.EqualTo(percent));
        Assert.That(late?.Apply(50) ?? 50, Is.EqualTo(50 * (1 - percent / 100)).Within(1e-9));
    }

    [Test]
    public void WithoutACutoffThePenaltyStopsAtTheWholeScore()
    {
        var policy = new LatePolicy(DateTimeOffset.Parse("2027-01-15T23:59:00Z"), 30, Cutoff: null);
        Assert.That(policy.For(DateTimeOffset.Parse("2027-01-20T00:00:00Z"))!.Percent, Is.EqualTo(100));
    }

    [Test]
    public void TheSubmissionTimeComesFromGradescopesMetadata()
    {
        var metadata = Path.Combine(_folder.FullName, "submission_metadata.json");
        File.WriteAllText(metadata, """{ "id": 123456, "created_at": "2018-07-01T14:22:32.365935-07:00", "assignment": { "due_date": "2018-07-31T23:00:00.000000-07:00" } }""");
        Assert.That(LatePolicy.SubmittedAt(metadata), Is.EqualTo(new DateTimeOffset(2018, 7, 1, 21, 22, 32, TimeSpan.Zero).AddTicks(3659350)));
        File.WriteAllText(metadata, """{ "id": 123456 }""");
        Assert.That(() => LatePolicy.SubmittedAt(metadata), Throws.TypeOf<GraderException>().With.Message.EqualTo($"{metadata}: created_at is missing or not a time"));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder.FullName, "course.json");
        File.WriteAllText(path, json);
        return path;
    }
}

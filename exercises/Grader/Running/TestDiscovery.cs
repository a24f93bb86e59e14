using NUnit.Framework;
using System.Reflection;
using System.Text.RegularExpressions;

namespace DeepLearning.Grading.Running;

/// <summary>
/// Finds the tests in a compiled test assembly by NUnit's attributes: [Test] and [TestCase] methods of public
/// classes, their categories ("task:X.Y", "hidden") and the grading properties (Weight, Hint, TimeLimit).
/// Tests without a task category are not graded.
/// </summary>
public static partial class TestDiscovery
{
    private const string TaskPrefix = "task:";

    /// <summary>A test: its grading information and how to call it.</summary>
    public sealed record RunnableTest(TestCaseInfo Info, Type Fixture, MethodInfo Method, object?[] Arguments);

    public static IReadOnlyList<RunnableTest> Discover(Assembly assembly)
    {
        var tests = new List<RunnableTest>();
        var fixtures = assembly.GetExportedTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false })
            .OrderBy(type => type.Name, StringComparer.Ordinal);
        foreach (var fixture in fixtures)
        {
            var fixtureCategories = Categories(fixture);
            // Declaration order within a fixture, as written in the source.
            foreach (var method in fixture.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(method => method.MetadataToken))
            {
                var cases = method.GetCustomAttributes<TestCaseAttribute>().Select(testCase => testCase.Arguments).ToList();
                if (method.GetCustomAttribute<TestAttribute>() is not null && cases.Count == 0)
                {
                    cases.Add([]);
                }
                var categories = fixtureCategories.Concat(Categories(method)).ToList();
                var task = categories.FirstOrDefault(category => category.StartsWith(TaskPrefix, StringComparison.Ordinal))?[TaskPrefix.Length..];
                if (task is null)
                {
                    continue;
                }
                foreach (var arguments in cases)
                {
                    var argumentText = arguments.Length == 0 ? "" : $"({string.Join(", ", arguments.Select(argument => argument?.ToString() ?? "null"))})";
                    var info = new TestCaseInfo(
                        Id: $"{fixture.Name}.{method.Name}{argumentText}",
                        Task: task,
                        Hidden: categories.Contains("hidden"),
                        Weight: Property<double?>(method, fixture, "Weight") ?? 1,
                        Hint: Property<string>(method, fixture, "Hint"),
                        TimeLimitSeconds: Property<int?>(method, fixture, "TimeLimit"),
                        DisplayName: Words(method.Name) + argumentText)
                    {
                        HintCause = Property<string>(method, fixture, "HintCause"),
                    };
                    tests.Add(new RunnableTest(info, fixture, method, arguments));
                }
            }
        }
        return tests;
    }

    /// <summary>"CausalFirstRowIsTheFirstValue" → "causal first row is the first value".</summary>
    public static string Words(string pascalCase) => WordBoundary().Replace(pascalCase, " $1$2").Trim().ToLowerInvariant();

    private static IEnumerable<string> Categories(MemberInfo member) =>
        member.GetCustomAttributes<CategoryAttribute>().Select(category => category.Name);

    // The method's property wins over the fixture's (NUnit's PropertyAttribute stores values by name).
    private static T? Property<T>(MethodInfo method, Type fixture, string name)
    {
        foreach (var owner in new MemberInfo[] { method, fixture })
        {
            foreach (var attribute in owner.GetCustomAttributes<PropertyAttribute>())
            {
                if (attribute.Properties.ContainsKey(name) && attribute.Properties.Get(name) is { } value)
                {
                    var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
                    return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        return default;
    }

    // A capital starts a word after a lower-case letter or digit, or before a lower-case letter ("OfAMatrix").
    [GeneratedRegex("(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])")]
    private static partial Regex WordBoundary();
}

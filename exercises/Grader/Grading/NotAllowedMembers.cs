using System.Reflection;
using System.Text.RegularExpressions;

namespace DeepLearning.Grading;

/// <summary>
/// The engine members a task asks the learner not to call, because the task is to write that very thing: declared
/// in the exercise file on a line under the task's comment, which the stub and the notebook cell carry too:
/// <code>
/// // Task 6.3: im2col
/// // Write it yourself; not allowed here: Tensor.Im2Col, Conv2d
/// </code>
/// An entry is <c>Type.Member</c> (every overload of a method, or a property) or a bare <c>Type</c> (its
/// constructors and every member it declares), the type named as in the engine, without its namespace.
/// </summary>
/// <remarks>The notebook kit reads the same line (<c>exercises/Solution/Tests/Support/EngineCallScan.cs</c>, which the visible tests use too); keep the two formats one.</remarks>
public static partial class NotAllowedMembers
{
    public const string Prefix = "// Write it yourself; not allowed here: ";

    /// <summary>An entry resolved in the engine: its type's full name, and the member, or null for the whole type.</summary>
    public sealed record Entry(string Name, string TypeFullName, string? Member);

    /// <summary>Task id → the names its list gives, in file order; tasks without a list are absent.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(IEnumerable<string> exerciseTexts)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var text in exerciseTexts)
        {
            string? task = null;
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                if (TaskCatalog.TaskComment().Match(line) is { Success: true } comment)
                {
                    task = comment.Groups["id"].Value;
                }
                else if (ListLine().Match(line) is { Success: true } list && task is not null)
                {
                    lists[task] = list.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                }
            }
        }
        return lists;
    }

    /// <summary>
    /// The entry that <paramref name="name"/> means among the engine's public types, found by reflection so that a
    /// misspelt name is an error of the course, not a check that never fires.
    /// </summary>
    public static Entry Resolve(string name)
    {
        var (typeName, member) = name.LastIndexOf('.') is var dot and >= 0 ? (name[..dot], name[(dot + 1)..]) : (name, null);
        var types = typeof(Tensor).Assembly.GetExportedTypes().Where(type => type.Name == typeName).ToList();
        if (types.Count != 1)
        {
            throw new GraderException($"'{name}' in a '{Prefix.Trim()}' list: the engine has {types.Count} public types named {typeName}");
        }
        if (member is not null && types[0].GetMember(member, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length == 0)
        {
            throw new GraderException($"'{name}' in a '{Prefix.Trim()}' list: {types[0].FullName} has no public member {member}");
        }
        return new Entry(name, types[0].FullName!, member);
    }

    [GeneratedRegex(@"^\s*// Write it yourself; not allowed here: (.+)$")]
    private static partial Regex ListLine();
}

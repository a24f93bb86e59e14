using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// Finds whether a function under test uses an engine member that its task asks the learner to write (the list
/// under the task's comment: <c>// Write it yourself; not allowed here: Tensor.Im2Col, Conv2d</c>, the grader's
/// format, which each task's fixture repeats as <see cref="WriteItYourselfAttribute"/>). The notebook kit runs it on
/// a notebook's function, the visible tests on the function they test. A notebook cell is compiled into an assembly of its own, in memory, so the source is gone: the scan reads the
/// compiled IL of the function, and follows the calls it makes into code of the notebook (earlier cells,
/// lambdas and closures, which the compiler turns into methods) but never into the engine or the framework.
/// </summary>
/// <remarks>
/// An entry is <c>Type.Member</c> (every overload of a method, or a property) or a bare <c>Type</c> (its
/// constructors and every member it declares), the type named as in the engine, without its namespace.
/// </remarks>
public static class EngineCallScan
{
    private static readonly Assembly s_engine = typeof(Tensor).Assembly;
    private static readonly string s_frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    /// <summary>A list's entry found in the engine: its type, and the member, or null for the whole type.</summary>
    public sealed record Entry(Type Type, string? Member);

    /// <summary>
    /// The entry that <paramref name="name"/> means among the engine's public types; throws
    /// <see cref="InvalidOperationException"/> for a name the engine does not have (a typo in the course).
    /// </summary>
    public static Entry Resolve(string name)
    {
        var (typeName, member) = name.LastIndexOf('.') is var dot and >= 0 ? (name[..dot], name[(dot + 1)..]) : (name, null);
        var types = s_engine.GetExportedTypes().Where(type => type.Name == typeName).ToList();
        if (types.Count != 1)
        {
            throw new InvalidOperationException($"course kit: '{name}' in a 'not allowed here' list: the engine has {types.Count} public types named {typeName}");
        }
        if (member is not null && types[0].GetMember(member, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length == 0)
        {
            throw new InvalidOperationException($"course kit: '{name}' in a 'not allowed here' list: {types[0].FullName} has no public member {member}");
        }
        return new Entry(types[0], member);
    }

    /// <summary>
    /// The first use of a forbidden member by <paramref name="function"/> or the notebook code it calls, as a
    /// message says it ("the call to Tensor.Im2Col"), or null when there is none.
    /// </summary>
    public static string? FirstUse(Delegate function, IReadOnlyList<Entry> forbidden)
    {
        var root = function.Method;
        if (forbidden.Count == 0)
        {
            return null;
        }
        if (Matching(root, forbidden) is { } direct)
        {
            return direct;
        }
        var queue = new Queue<MethodBase>([root]);
        var visited = new HashSet<MethodBase> { root };
        while (queue.TryDequeue(out var method))
        {
            foreach (var used in MembersUsedBy(method))
            {
                if (Matching(used, forbidden) is { } use)
                {
                    return use;
                }
                if (used is MethodBase next && IsNotebookCode(next.Module.Assembly, root.Module.Assembly))
                {
                    // An iterator or async method hands its body to a compiler-made class: scan that class whole.
                    var more = next is ConstructorInfo && next.DeclaringType?.IsDefined(typeof(CompilerGeneratedAttribute)) == true
                        ? next.DeclaringType.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                        : [];
                    foreach (var reached in more.Prepend(next).Where(visited.Add))
                    {
                        queue.Enqueue(reached);
                    }
                }
            }
        }
        return null;
    }

    // Code of the notebook: the assembly of the function itself, or one loaded from memory (an earlier cell); never
    // the engine or the framework, whose insides are theirs to call.
    private static bool IsNotebookCode(Assembly assembly, Assembly root) =>
        assembly != s_engine && (assembly.IsDynamic || assembly.Location.Length == 0
            || (assembly == root && !assembly.Location.StartsWith(s_frameworkFolder, StringComparison.Ordinal)));

    private static string? Matching(MemberInfo member, IReadOnlyList<Entry> forbidden)
    {
        var type = member.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericTypeDefinition() : member.DeclaringType;
        if (type is null || type.Assembly != s_engine)
        {
            return null;
        }
        var property = member.Name.StartsWith("get_", StringComparison.Ordinal) || member.Name.StartsWith("set_", StringComparison.Ordinal) ? member.Name[4..] : null;
        if (!forbidden.Any(entry => entry.Type == type && (entry.Member is null || entry.Member == member.Name || entry.Member == property)))
        {
            return null;
        }
        return member switch
        {
            ConstructorInfo => $"the call to new {type.Name}",
            MethodInfo when property is not null && type.GetProperty(property) is not null => $"the use of {type.Name}.{property}",
            MethodInfo => $"the call to {type.Name}.{member.Name}",
            _ => $"the use of {type.Name}.{member.Name}",
        };
    }

    // The methods, constructors and fields that a method's IL refers to: call, callvirt, newobj, ldftn, ldfld, ldtoken, ...
    private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException)
        {
            // A method emitted at run time without a readable body.
            il = null;
        }
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += value > 0xFF || value < 0 ? 2 : 1;
            if (!s_opCodes.TryGetValue(value, out var code))
            {
                yield break;
            }
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                MemberInfo? member;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                }
                catch (Exception exception) when (exception is ArgumentException or BadImageFormatException or TypeLoadException or MemberAccessException)
                {
                    // A token this module cannot resolve here (a generic context it lacks): nothing of the engine's.
                    member = null;
                }
                if (member is not null)
                {
                    yield return member;
                }
            }
            at += OperandSize(code.OperandType, il, at);
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepLearning.Grading.Running;

/// <summary>
/// What the test host tells the grader, one JSON event a line on its standard output, each line prefixed with a
/// per-run nonce. Code under test that writes to the raw standard output produces lines without the prefix,
/// which the grader treats as that test's output rather than as events.
/// </summary>
public static class HostProtocol
{
    /// <summary>The environment variable that carries the nonce to the host, which clears it before running any test.</summary>
    public const string NonceVariable = "DLC_GRADE_NONCE";

    private static readonly JsonSerializerOptions s_options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Prefix(string nonce) => $"@@dlc-grade:{nonce} ";

    public static string Encode(string nonce, HostEvent hostEvent) => Prefix(nonce) + JsonSerializer.Serialize(hostEvent, s_options);

    /// <summary>The event on a line, or null for a line that is not one (output of the code under test).</summary>
    public static HostEvent? Decode(string nonce, string line)
    {
        var prefix = Prefix(nonce);
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<HostEvent>(line.AsSpan(prefix.Length), s_options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The host's events, in order: List once, then Start and End for each test, then Done.</summary>
public enum HostEventKind
{
    List,
    Start,
    End,
    Done,
}

/// <summary>One event. <see cref="Tests"/> is set for List, <see cref="Id"/> for Start and End, <see cref="Outcome"/> for End.</summary>
public sealed record HostEvent(HostEventKind Kind, IReadOnlyList<TestCaseInfo>? Tests = null, string? Id = null, TestOutcome? Outcome = null);

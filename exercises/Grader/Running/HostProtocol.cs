using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepLearning.Grading.Running;

/// <summary>
/// What a test host tells the grader: one event a line, numbered from 0 and signed with HMAC-SHA256 under a key
/// that the grader writes to the host's standard input (never the environment, the command line or a file) and
/// the host reads before it loads any code under test. The host writes the events on a private copy of its
/// standard output that child processes do not inherit; its standard output and error both go to the other pipe,
/// which the grader reads as the tests' output. A line that is not the next signed event is not an event: the
/// grader ignores it and counts it as a forgery attempt.
/// </summary>
public static class HostProtocol
{
    public const int KeyBytes = 32;
    private const string Marker = "@@dlc-grade";

    private static readonly JsonSerializerOptions s_options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>The line for event number <paramref name="sequence"/>: "@@dlc-grade SEQ MAC JSON".</summary>
    public static string Encode(byte[] key, long sequence, HostEvent hostEvent)
    {
        var json = JsonSerializer.Serialize(hostEvent, s_options);
        return $"{Marker} {sequence} {Sign(key, sequence, json)} {json}";
    }

    /// <summary>The event on a line if it is event number <paramref name="expectedSequence"/> signed with <paramref name="key"/>; otherwise null.</summary>
    public static HostEvent? Decode(byte[] key, long expectedSequence, string line)
    {
        var parts = line.Split(' ', 4);
        if (parts is not [Marker, var sequence, var mac, var json] || sequence != expectedSequence.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }
        byte[] given;
        try
        {
            given = Convert.FromBase64String(mac);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(given, Convert.FromBase64String(Sign(key, expectedSequence, json))))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<HostEvent>(json, s_options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Sign(byte[] key, long sequence, string json) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{sequence}\n{json}")));
}

/// <summary>
/// The host's events, in the only order the grader accepts: Ready once; then for each test of the plan, in the
/// plan's order, Start and End; then Done.
/// </summary>
public enum HostEventKind
{
    Ready,
    Start,
    End,
    Done,
}

/// <summary>One event. <see cref="Id"/> is set for Start and End, <see cref="Outcome"/> for End.</summary>
public sealed record HostEvent(HostEventKind Kind, string? Id = null, TestOutcome? Outcome = null);

/// <summary>The host's side of the channel: numbers and signs each event, and writes it on its own line.</summary>
internal sealed class HostChannelWriter(Stream channel, byte[] key)
{
    private long _sequence;

    public void Send(HostEvent hostEvent)
    {
        // The leading newline ends whatever partial line code under test may have written to this descriptor.
        var bytes = Encoding.UTF8.GetBytes($"\n{HostProtocol.Encode(key, _sequence++, hostEvent)}\n");
        channel.Write(bytes);
        channel.Flush();
    }
}

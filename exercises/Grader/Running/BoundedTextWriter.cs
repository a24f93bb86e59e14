using System.Text;

namespace DeepLearning.Grading.Running;

/// <summary>
/// Keeps the first <c>limit</c> characters written to it and only counts the rest, so that a test printing in a
/// loop costs time but never memory, and its report stays readable.
/// </summary>
public sealed class BoundedTextWriter(int limit) : TextWriter
{
    private readonly StringBuilder _kept = new();
    private long _dropped;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (_kept.Length < limit)
        {
            _kept.Append(value);
        }
        else
        {
            _dropped++;
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var room = Math.Max(0, limit - _kept.Length);
        var taken = Math.Min(room, buffer.Length);
        _kept.Append(buffer[..taken]);
        _dropped += buffer.Length - taken;
    }

    public override void Write(string? value) => Write(value.AsSpan());

    /// <summary>The text so far (as <see cref="ToString"/>), leaving the writer empty.</summary>
    public string TakeText()
    {
        var text = ToString();
        _kept.Clear();
        _dropped = 0;
        return text;
    }

    /// <summary>The kept text, with a note of how much was dropped.</summary>
    public override string ToString() =>
        _dropped == 0 ? _kept.ToString() : $"{_kept}\n... [output truncated: {_dropped:N0} more characters]";
}

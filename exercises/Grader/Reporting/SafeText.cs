using System.Text;

namespace DeepLearning.Grading.Reporting;

/// <summary>
/// Text that every report format can hold: the characters XML 1.0 allows (tab, newline, carriage return,
/// U+0020–U+D7FF, U+E000–U+FFFD and whole surrogate pairs). Anything else that code under test printed (U+0000,
/// escape codes, U+FFFE and U+FFFF, a lone surrogate, which JSON writers also refuse) is removed.
/// </summary>
public static class SafeText
{
    public static string Clean(string text)
    {
        if (text.All(IsPlain))
        {
            return text;
        }
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (char.IsHighSurrogate(character) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(character).Append(text[++i]);
            }
            else if (IsPlain(character))
            {
                kept.Append(character);
            }
        }
        return kept.ToString();
    }

    private static bool IsPlain(char character) =>
        character is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
}

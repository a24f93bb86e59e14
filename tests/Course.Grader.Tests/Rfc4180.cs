using System.Text;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// A strict reader of RFC 4180 CSV, written apart from the grader's writer so that a test reads the file as a
/// spreadsheet would: records end in CRLF, a quoted field may hold commas, CRLF and doubled quotes, and anything
/// else (a bare quote inside a field, a lone LF, text after a closing quote) is an error.
/// </summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                for (i++; ; i++)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("a quoted field is not closed");
                    }
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i]);
                    }
                }
                if (i < text.Length && text[i] is not (',' or '\r'))
                {
                    throw new FormatException($"text after a closing quote at {i}");
                }
                continue;
            }
            switch (text[i])
            {
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    i += 2;
                    break;
                case '"' or '\r' or '\n':
                    throw new FormatException($"a bare {(text[i] == '"' ? "quote" : "line break")} at {i}");
                default:
                    field.Append(text[i++]);
                    break;
            }
        }
        if (field.Length > 0 || record.Count > 0)
        {
            throw new FormatException("the last record does not end in CRLF");
        }
        return records;
    }
}

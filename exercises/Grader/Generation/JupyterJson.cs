using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// A notebook's JSON written exactly as Jupyter writes it (nbformat's <c>json.dumps(nb, sort_keys=True, indent=1,
/// ensure_ascii=False)</c>, a source as a list of lines): a notebook saved by Jupyter and the same notebook written
/// by the generator are the same bytes, so a comparison shows only real differences.
/// </summary>
public static class JupyterJson
{
    public static JsonObject Parse(string text, string path) =>
        JsonNode.Parse(text) as JsonObject ?? throw new GraderException($"{path}: not a notebook (its JSON is not an object)");

    public static string Write(JsonObject notebook)
    {
        var output = new StringBuilder();
        WriteNode(output, notebook, 0);
        return output.Append('\n').ToString();
    }

    /// <summary>A cell's source as one string: nbformat allows a string or a list of lines.</summary>
    public static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(line => (string?)line)),
        JsonNode text => (string?)text ?? "",
        null => "",
    };

    /// <summary>A source as nbformat stores it: its lines, each but the last with its newline.</summary>
    public static JsonArray SourceLines(string source)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < source.Length)
        {
            var end = source.IndexOf('\n', start);
            end = end < 0 ? source.Length : end + 1;
            lines.Add(source[start..end]);
            start = end;
        }
        return lines;
    }

    private static void WriteNode(StringBuilder output, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                output.Append("{}");
                break;
            case JsonObject obj:
                output.Append("{\n");
                var keys = obj.Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
                for (var i = 0; i < keys.Count; i++)
                {
                    output.Append(' ', depth + 1);
                    WriteString(output, keys[i]);
                    output.Append(": ");
                    WriteNode(output, obj[keys[i]], depth + 1);
                    output.Append(i + 1 < keys.Count ? ",\n" : "\n");
                }
                output.Append(' ', depth).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                output.Append("[]");
                break;
            case JsonArray array:
                output.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    output.Append(' ', depth + 1);
                    WriteNode(output, array[i], depth + 1);
                    output.Append(i + 1 < array.Count ? ",\n" : "\n");
                }
                output.Append(' ', depth).Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                WriteString(output, text);
                break;
            case JsonValue value when value.TryGetValue<bool>(out var flag):
                output.Append(flag ? "true" : "false");
                break;
            case JsonValue value:
                // Numbers: nbformat's are integers (execution counts, versions).
                output.Append(value.ToJsonString());
                break;
        }
    }

    // Python's escaping with ensure_ascii=False: quotes, backslashes and control characters only.
    private static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        foreach (var character in text)
        {
            switch (character)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case < ' ': output.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: output.Append(character); break;
            }
        }
        output.Append('"');
    }
}

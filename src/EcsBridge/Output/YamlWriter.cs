using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsBridge.Output;

/// <summary>Writes JSON nodes as block-style YAML that kubectl (YAML 1.1 and 1.2 readers alike) reads back to the
/// same JSON: strings that could be mistaken for numbers, booleans (including `yes`/`on`), null or YAML syntax are
/// double-quoted; key order is kept as given.</summary>
public static class YamlWriter
{
    private const string Indent = "  ";

    /// <summary>Writes the nodes as one multi-document stream, `---` before each document.</summary>
    public static void WriteDocuments(TextWriter output, IEnumerable<JsonNode> documents)
    {
        foreach (var document in documents)
        {
            output.Write("---\n");
            output.Write(ToYaml(document));
        }
    }

    public static string ToYaml(JsonNode? node)
    {
        var builder = new StringBuilder();
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                WriteMappingBody(builder, obj, 0);
                break;
            case JsonArray array when array.Count > 0:
                WriteSequenceBody(builder, array, 0);
                break;
            default:
                builder.Append(Scalar(node)).Append('\n');
                break;
        }
        return builder.ToString();
    }

    private static void WriteMappingBody(StringBuilder builder, JsonObject obj, int level)
    {
        var first = true;
        foreach (var (key, value) in obj)
        {
            if (!first || level > 0)
            {
                builder.Append(Pad(level));
            }
            first = false;
            WriteEntry(builder, String(key), value, level);
        }
    }

    /// <summary>Writes "key: value" (the key already indented), nesting blocks below it.</summary>
    private static void WriteEntry(StringBuilder builder, string key, JsonNode? value, int level)
    {
        builder.Append(key).Append(':');
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                builder.Append('\n');
                WriteMappingBody(builder, obj, level + 1);
                break;
            case JsonArray array when array.Count > 0:
                builder.Append('\n');
                WriteSequenceItems(builder, array, level + 1);
                break;
            default:
                builder.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteSequenceBody(StringBuilder builder, JsonArray array, int level) =>
        WriteSequenceItems(builder, array, level);

    private static void WriteSequenceItems(StringBuilder builder, JsonArray array, int level)
    {
        foreach (var item in array)
        {
            builder.Append(Pad(level)).Append("- ");
            switch (item)
            {
                case JsonObject obj when obj.Count > 0:
                    // The first entry shares the "- " line; the rest line up under it.
                    var first = true;
                    foreach (var (key, value) in obj)
                    {
                        if (!first)
                        {
                            builder.Append(Pad(level + 1));
                        }
                        first = false;
                        WriteEntry(builder, String(key), value, level + 1);
                    }
                    break;
                case JsonArray inner when inner.Count > 0:
                    builder.Append('\n');
                    WriteSequenceItems(builder, inner, level + 1);
                    break;
                default:
                    builder.Append(Scalar(item)).Append('\n');
                    break;
            }
        }
    }

    private static string Pad(int level) => level switch
    {
        0 => "",
        1 => Indent,
        _ => string.Concat(Enumerable.Repeat(Indent, level)),
    };

    private static string Scalar(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonObject:
                return "{}";
            case JsonArray:
                return "[]";
        }
        var value = node.AsValue();
        return value.GetValueKind() switch
        {
            JsonValueKind.String => String(value.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            // Numbers are written exactly as the JSON serializer spells them.
            _ => value.ToJsonString(),
        };
    }

    /// <summary>A string as a plain scalar when that reads back as the same string, else double-quoted.</summary>
    public static string String(string text) => NeedsQuotes(text) ? Quote(text) : text;

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return true;
        }
        // Indicators that start YAML syntax; '-', '?' and ':' only matter before a space but quoting them is harmless.
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '"' or '\'' or '#' or '`' or '{' or '}' or '[' or ']' or ',' || c > '\u007e' && !char.IsLetterOrDigit(c))
            {
                return true;
            }
        }
        if (text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':'))
        {
            return true;
        }
        return IsReservedWord(text) || LooksLikeNumber(text);
    }

    /// <summary>Words some YAML reader resolves to null or a boolean (YAML 1.1 included, as go-yaml v2 does).</summary>
    private static bool IsReservedWord(string text) => text.ToLowerInvariant() is
        "~" or "null" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or ".inf" or "-.inf" or "+.inf" or ".nan";

    /// <summary>Anything a YAML 1.1 or 1.2 reader might take as a number (ints, floats, hex, octal, 1_000,
    /// sexagesimal 1:30) is quoted; a false positive only costs two quote marks.</summary>
    private static bool LooksLikeNumber(string text)
    {
        var start = text[0] is '+' or '-' ? 1 : 0;
        if (start >= text.Length || !(char.IsAsciiDigit(text[start]) || text[start] == '.'))
        {
            return false;
        }
        foreach (var c in text.AsSpan(start))
        {
            if (!(char.IsAsciiHexDigit(c) || c is '.' or '_' or ':' or 'x' or 'X' or 'o' or 'O' or '+' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\ufeff')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
        return builder.ToString();
    }
}

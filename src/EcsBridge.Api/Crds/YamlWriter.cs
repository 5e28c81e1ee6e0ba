using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsBridge.Api.Crds;

/// <summary>A small, deterministic YAML emitter for JSON trees: mapping keys in ordinal order, sequences in
/// their own order, block style, scalars quoted only when YAML could read them as something else.</summary>
public static class YamlWriter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    public static string Write(JsonNode node, string? headerComment = null)
    {
        var text = new StringBuilder();
        if (headerComment is not null)
        {
            foreach (var line in headerComment.Split('\n'))
            {
                text.Append("# ").Append(line).Append('\n');
            }
        }
        WriteBlock(text, node, 0);
        return text.ToString();
    }

    private static void WriteBlock(StringBuilder text, JsonNode node, int indent)
    {
        switch (node)
        {
            case JsonObject map:
                WriteMapping(text, map, indent, firstLinePrefixWritten: false);
                break;
            case JsonArray list:
                WriteSequence(text, list, indent);
                break;
            default:
                text.Append(new string(' ', indent)).Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static void WriteMapping(StringBuilder text, JsonObject map, int indent, bool firstLinePrefixWritten)
    {
        var first = true;
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!(first && firstLinePrefixWritten))
            {
                text.Append(' ', indent);
            }
            first = false;
            text.Append(Key(key)).Append(':');
            switch (value)
            {
                case null:
                    text.Append(" null\n");
                    break;
                case JsonObject { Count: 0 }:
                    text.Append(" {}\n");
                    break;
                case JsonArray { Count: 0 }:
                    text.Append(" []\n");
                    break;
                case JsonObject child:
                    text.Append('\n');
                    WriteMapping(text, child, indent + 2, firstLinePrefixWritten: false);
                    break;
                case JsonArray list:
                    text.Append('\n');
                    WriteSequence(text, list, indent);
                    break;
                default:
                    text.Append(' ').Append(Scalar(value)).Append('\n');
                    break;
            }
        }
    }

    private static void WriteSequence(StringBuilder text, JsonArray list, int indent)
    {
        foreach (var item in list)
        {
            text.Append(' ', indent).Append("- ");
            switch (item)
            {
                case JsonObject { Count: > 0 } map:
                    WriteMapping(text, map, indent + 2, firstLinePrefixWritten: true);
                    break;
                case JsonArray { Count: > 0 } inner:
                    text.Append('\n');
                    WriteSequence(text, inner, indent + 2);
                    break;
                case JsonObject:
                    text.Append("{}\n");
                    break;
                case JsonArray:
                    text.Append("[]\n");
                    break;
                default:
                    text.Append(Scalar(item)).Append('\n');
                    break;
            }
        }
    }

    private static string Key(string key) => NeedsQuotes(key) ? Quote(key) : key;

    private static string Scalar(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }
        return node.GetValueKind() switch
        {
            JsonValueKind.String => ScalarString(node.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => node.ToJsonString(),
            _ => throw new InvalidOperationException("not a scalar: " + node.ToJsonString()),
        };
    }

    private static string ScalarString(string value) => NeedsQuotes(value) ? Quote(value) : value;

    internal static bool NeedsQuotes(string value)
    {
        if (value.Length == 0 || Reserved.Contains(value) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`.+0123456789".Contains(value[0], StringComparison.Ordinal))
        {
            return true;
        }
        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return true;
        }
        return value.Any(c => char.IsControl(c) || c > '~');
    }

    private static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c) || c > '~')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}

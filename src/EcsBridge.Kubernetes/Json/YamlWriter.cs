using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsBridge.Kubernetes.Json;

/// <summary>How <see cref="YamlWriter"/> lays out and quotes.</summary>
public sealed record YamlStyle
{
    /// <summary>What `render` and `convert` print: keys in the order given, sequences indented under their key,
    /// strings quoted whenever any YAML 1.1 or 1.2 reader could take them for something else.</summary>
    public static readonly YamlStyle Manifest = new();

    /// <summary>The generated CRD files (config/crd/bases, the chart): mapping keys in ordinal order, sequences level
    /// with their key (as controller-gen writes them), strings quoted only where YAML syntax requires it, and
    /// everything outside printable ASCII escaped.</summary>
    public static readonly YamlStyle Crd = new() { SortKeys = true, IndentSequences = false, MinimalQuoting = true };

    public bool SortKeys { get; init; }

    public bool IndentSequences { get; init; } = true;

    public bool MinimalQuoting { get; init; }
}

/// <summary>Writes JSON trees as block-style YAML that kubectl (YAML 1.1 and 1.2 readers alike) reads back to the
/// same JSON. Deterministic: the output depends only on the tree and the <see cref="YamlStyle"/>.</summary>
public static class YamlWriter
{
    /// <summary>Writes the nodes as one multi-document stream, `---` before each document.</summary>
    public static void WriteDocuments(TextWriter output, IEnumerable<JsonNode> documents, YamlStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            output.Write("---\n");
            output.Write(ToYaml(document, style));
        }
    }

    /// <summary>One document, after <paramref name="headerComment"/> (each of its lines as a `#` comment) if given.</summary>
    public static string ToYaml(JsonNode? node, YamlStyle? style = null, string? headerComment = null)
    {
        var writer = new Emitter(style ?? YamlStyle.Manifest);
        if (headerComment is not null)
        {
            foreach (var line in headerComment.Split('\n'))
            {
                writer.Text.Append("# ").Append(line).Append('\n');
            }
        }
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                writer.Mapping(obj, 0, firstLineStarted: false);
                break;
            case JsonArray array when array.Count > 0:
                writer.Sequence(array, 0);
                break;
            default:
                writer.Text.Append(writer.Scalar(node)).Append('\n');
                break;
        }
        return writer.Text.ToString();
    }

    /// <summary>A string as a plain scalar when that reads back as the same string, else double-quoted.</summary>
    public static string String(string text, YamlStyle? style = null) => new Emitter(style ?? YamlStyle.Manifest).String(text);

    private sealed class Emitter(YamlStyle style)
    {
        public StringBuilder Text { get; } = new();

        /// <summary>"key: value" lines at <paramref name="indent"/>; when <paramref name="firstLineStarted"/>, the
        /// first entry continues a line already begun (a sequence item's "- ").</summary>
        public void Mapping(JsonObject obj, int indent, bool firstLineStarted)
        {
            var first = true;
            IEnumerable<KeyValuePair<string, JsonNode?>> entries = style.SortKeys ? obj.OrderBy(p => p.Key, StringComparer.Ordinal) : obj;
            foreach (var (key, value) in entries)
            {
                if (!(first && firstLineStarted))
                {
                    Text.Append(' ', indent);
                }
                first = false;
                Text.Append(String(key)).Append(':');
                switch (value)
                {
                    case JsonObject child when child.Count > 0:
                        Text.Append('\n');
                        Mapping(child, indent + 2, firstLineStarted: false);
                        break;
                    case JsonArray list when list.Count > 0:
                        Text.Append('\n');
                        Sequence(list, style.IndentSequences ? indent + 2 : indent);
                        break;
                    default:
                        Text.Append(' ').Append(Scalar(value)).Append('\n');
                        break;
                }
            }
        }

        public void Sequence(JsonArray list, int indent)
        {
            foreach (var item in list)
            {
                Text.Append(' ', indent).Append("- ");
                switch (item)
                {
                    case JsonObject map when map.Count > 0:
                        // The first entry shares the "- " line; the rest line up under it.
                        Mapping(map, indent + 2, firstLineStarted: true);
                        break;
                    case JsonArray inner when inner.Count > 0:
                        Text.Append('\n');
                        Sequence(inner, indent + 2);
                        break;
                    default:
                        Text.Append(Scalar(item)).Append('\n');
                        break;
                }
            }
        }

        public string Scalar(JsonNode? node)
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

        public string String(string text) =>
            style.MinimalQuoting
                ? MinimalNeedsQuotes(text) ? Quote(text, escapeNonAscii: true) : text
                : NeedsQuotes(text) ? Quote(text, escapeNonAscii: false) : text;
    }

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

    /// <summary>The CRD style's rule: quote what YAML syntax would misread — reserved words, a leading indicator,
    /// digit, dot or sign, ": " or " #" inside, a trailing ':' — and anything outside printable ASCII.</summary>
    private static bool MinimalNeedsQuotes(string text)
    {
        if (text.Length == 0 || IsReservedWord(text, yaml11Only: true) || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`.+0123456789".Contains(text[0], StringComparison.Ordinal))
        {
            return true;
        }
        if (text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) || text.EndsWith(':'))
        {
            return true;
        }
        return text.Any(c => char.IsControl(c) || c > '~');
    }

    /// <summary>Words some YAML reader resolves to null or a boolean (YAML 1.1 included, as go-yaml v2 does), and the
    /// special floats unless <paramref name="yaml11Only"/> (the CRD style quotes those through their leading '.').</summary>
    private static bool IsReservedWord(string text, bool yaml11Only = false) => text.ToLowerInvariant() switch
    {
        "~" or "null" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" => true,
        ".inf" or "-.inf" or "+.inf" or ".nan" => !yaml11Only,
        _ => false,
    };

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

    /// <summary>A double-quoted scalar; <paramref name="escapeNonAscii"/> (the CRD style) writes every character
    /// outside printable ASCII, carriage returns included, as a lower-case \u escape.</summary>
    private static string Quote(string text, bool escapeNonAscii)
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
                case '\r' when !escapeNonAscii:
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (escapeNonAscii && (char.IsControl(c) || c > '~'))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (!escapeNonAscii && (char.IsControl(c) || c is '\u2028' or '\u2029' or '\ufeff'))
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

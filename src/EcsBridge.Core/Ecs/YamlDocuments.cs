using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EcsBridge.Core.Ecs;

/// <summary>Parses a YAML stream (one or more `---` separated documents) into JSON nodes, resolving plain scalars
/// by the YAML 1.2 core schema: `null`/`~`/empty → null, `true`/`false` → booleans, integers and floats → numbers.
/// Quoted scalars always stay strings, so `"3000"` reaches the model as a string and `3000` as a number.</summary>
public static class YamlDocuments
{
    private const string MergeKey = "<<";

    private static readonly System.Buffers.SearchValues<char> OctalDigits = System.Buffers.SearchValues.Create("01234567");

    public static IReadOnlyList<InputDocument> Parse(string text, string sourceName)
    {
        var documents = new List<InputDocument>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out var start))
            {
                parser.MoveNext();
                var builder = new Builder(parser, sourceName);
                var node = builder.ReadNode(depth: 0);
                parser.Consume<DocumentEnd>();
                if (node is not null)
                {
                    documents.Add(new InputDocument(node, documents.Count, (int)start.Start.Line));
                }
            }
            parser.Consume<StreamEnd>();
        }
        catch (YamlException ex)
        {
            throw new EcsInputException($"{sourceName}:{ex.Start.Line}:{ex.Start.Column}: malformed YAML: {Describe(ex)}", ex);
        }
        return documents;
    }

    /// <summary>YamlDotNet prefixes its messages with "(Line: …, Col: …, Idx: …) - (…): "; we print our own position.</summary>
    private static string Describe(YamlException ex)
    {
        var message = ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return (message.StartsWith('(') && marker > 0 ? message[(marker + 3)..] : message).TrimEnd('.');
    }

    private sealed class Builder(IParser parser, string sourceName)
    {
        private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);
        private int _nodes;

        public JsonNode? ReadNode(int depth)
        {
            if (depth > InputLimits.MaxDepth)
            {
                throw Error(parser.Current!.Start, $"nesting deeper than {InputLimits.MaxDepth} levels");
            }
            var current = parser.Current ?? throw new EcsInputException($"{sourceName}: malformed YAML: unexpected end of input");
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw Error(alias.Start, $"unknown alias *{alias.Value.Value}");
                    }
                    var copy = anchored?.DeepClone();
                    Count(copy, alias.Start);
                    return copy;
                case Scalar scalar:
                    parser.MoveNext();
                    Count(1, scalar.Start);
                    return Remember(scalar, Resolve(scalar));
                case SequenceStart sequenceStart:
                {
                    parser.MoveNext();
                    Count(1, sequenceStart.Start);
                    CheckTag(sequenceStart, "tag:yaml.org,2002:seq");
                    var array = new JsonArray();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        array.Add(ReadNode(depth + 1));
                    }
                    return Remember(sequenceStart, array);
                }
                case MappingStart mappingStart:
                {
                    parser.MoveNext();
                    Count(1, mappingStart.Start);
                    CheckTag(mappingStart, "tag:yaml.org,2002:map");
                    var obj = new JsonObject();
                    var merged = new List<JsonObject>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyEvent = parser.Current!;
                        if (keyEvent is not Scalar keyScalar)
                        {
                            throw Error(keyEvent.Start, "only plain text keys are supported in a mapping");
                        }
                        parser.MoveNext();
                        var key = keyScalar.Value;
                        var value = ReadNode(depth + 1);
                        if (key == MergeKey && keyScalar.Style == ScalarStyle.Plain)
                        {
                            merged.AddRange(MergeSources(value, keyScalar.Start));
                            continue;
                        }
                        if (obj.ContainsKey(key))
                        {
                            throw Error(keyScalar.Start, $"the key '{key}' appears twice in one mapping");
                        }
                        obj[key] = value;
                    }
                    // Explicit keys win over merged ones, and earlier merge sources over later ones.
                    foreach (var source in merged)
                    {
                        foreach (var (key, value) in source)
                        {
                            if (!obj.ContainsKey(key))
                            {
                                obj[key] = value?.DeepClone();
                            }
                        }
                    }
                    return Remember(mappingStart, obj);
                }
                default:
                    throw Error(current.Start, $"unexpected {current.GetType().Name}");
            }
        }

        private IEnumerable<JsonObject> MergeSources(JsonNode? value, Mark at) => value switch
        {
            JsonObject one => [one],
            JsonArray many when many.All(m => m is JsonObject) => many.Cast<JsonObject>(),
            _ => throw Error(at, "a merge key (<<) needs a mapping or a list of mappings"),
        };

        private JsonNode? Remember(NodeEvent node, JsonNode? value)
        {
            if (!node.Anchor.IsEmpty)
            {
                _anchors[node.Anchor.Value] = value;
            }
            return value;
        }

        private void Count(JsonNode? copy, Mark at)
        {
            var count = 0;
            var stack = new Stack<JsonNode?>();
            stack.Push(copy);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                count++;
                if (node is JsonObject obj)
                {
                    foreach (var (_, child) in obj)
                    {
                        stack.Push(child);
                    }
                }
                else if (node is JsonArray array)
                {
                    foreach (var child in array)
                    {
                        stack.Push(child);
                    }
                }
                if (count + _nodes > InputLimits.MaxYamlNodes)
                {
                    break;
                }
            }
            Count(count, at);
        }

        private void Count(int count, Mark at)
        {
            _nodes += count;
            if (_nodes > InputLimits.MaxYamlNodes)
            {
                throw Error(at, $"the document expands to more than {InputLimits.MaxYamlNodes} nodes (aliases)");
            }
        }

        private void CheckTag(NodeEvent node, string standard)
        {
            if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value != standard)
            {
                throw Error(node.Start, $"the YAML tag {node.Tag.Value} is not supported");
            }
        }

        private JsonNode? Resolve(Scalar scalar)
        {
            var text = scalar.Value;
            if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
            {
                return scalar.Tag.Value switch
                {
                    "tag:yaml.org,2002:str" => JsonValue.Create(text),
                    "tag:yaml.org,2002:null" => null,
                    "tag:yaml.org,2002:bool" => ResolveBool(text) is { } b ? JsonValue.Create(b) : throw Error(scalar.Start, $"'{text}' is not a boolean"),
                    "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" =>
                        ResolveNumber(text) ?? throw Error(scalar.Start, $"'{text}' is not a number"),
                    _ => throw Error(scalar.Start, $"the YAML tag {scalar.Tag.Value} is not supported"),
                };
            }
            // A non-specific tag ("!") and every quoted or block scalar mean "string".
            if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific)
            {
                return JsonValue.Create(text);
            }
            if (text is "" or "~" or "null" or "Null" or "NULL")
            {
                return null;
            }
            if (ResolveBool(text) is { } flag)
            {
                return JsonValue.Create(flag);
            }
            return ResolveNumber(text) ?? JsonValue.Create(text);
        }

        private static bool? ResolveBool(string text) => text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => null,
        };

        private static JsonNode? ResolveNumber(string text)
        {
            if (text.Length == 0)
            {
                return null;
            }
            if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2
                && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
            {
                return JsonValue.Create(hex);
            }
            if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text.AsSpan(2).IndexOfAnyExcept(OctalDigits) < 0)
            {
                try
                {
                    return JsonValue.Create(Convert.ToInt64(text[2..], 8));
                }
                catch (OverflowException)
                {
                    return null;
                }
            }
            if (!LooksNumeric(text))
            {
                return null;
            }
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(whole);
            }
            if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
            }
            // decimal keeps the written scale ("1.10" stays 1.10) where it can hold the value.
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
            {
                return JsonValue.Create(exact);
            }
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
                ? JsonValue.Create(real)
                : null;
        }

        /// <summary>The YAML 1.2 core float/int pattern: [-+]?(.digits|digits(.digits?)?)([eE][-+]?digits)?.</summary>
        private static bool LooksNumeric(string text)
        {
            var i = 0;
            if (text[i] is '+' or '-')
            {
                i++;
            }
            var digits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
            if (i < text.Length && text[i] == '.')
            {
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                    digits++;
                }
            }
            if (digits == 0)
            {
                return false;
            }
            if (i < text.Length && text[i] is 'e' or 'E')
            {
                i++;
                if (i < text.Length && text[i] is '+' or '-')
                {
                    i++;
                }
                var exponent = 0;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                    exponent++;
                }
                if (exponent == 0)
                {
                    return false;
                }
            }
            return i == text.Length;
        }

        private EcsInputException Error(Mark at, string message) =>
            new($"{sourceName}:{at.Line}:{at.Column}: malformed YAML: {message}");
    }
}

using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace EcsBridge.UnitTests.Install;

/// <summary>Static views of a Helm template without a helm binary. <see cref="StripActions"/> leaves the literal
/// YAML; <see cref="SubstituteValues"/> first fills in the plain `.Values` references and `toYaml .Values.x | nindent n`
/// blocks from values.yaml, so the literal YAML can be checked with the chart's defaults in place. Control flow is
/// not evaluated: every branch stays in, which is enough for structural checks. <see cref="Render"/> goes one step
/// further: it evaluates the `if` blocks whose condition reads only values (`.Values.a`, `not .Values.a`,
/// `and`/`or` of those), so a switch such as ecsApi.enabled can be checked on and off.</summary>
internal static partial class TemplateText
{
    /// <summary>Drops lines that hold only actions and removes the actions from the remaining lines.</summary>
    public static string StripActions(string template)
    {
        var output = new StringBuilder();
        foreach (var line in template.Split('\n'))
        {
            if (ActionOnlyLine().IsMatch(line))
            {
                continue;
            }
            output.Append(Action().Replace(line, "")).Append('\n');
        }
        return output.ToString();
    }

    public static string SubstituteValues(string template, JsonObject values)
    {
        var output = new StringBuilder();
        foreach (var line in template.Split('\n'))
        {
            var block = ToYamlBlock().Match(line);
            if (block.Success)
            {
                var indent = new string(' ', int.Parse(block.Groups["indent"].Value, System.Globalization.CultureInfo.InvariantCulture));
                var yaml = ToYaml(Lookup(values, block.Groups["path"].Value));
                foreach (var blockLine in yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    output.Append(indent).Append(blockLine).Append('\n');
                }
                continue;
            }
            output.Append(ValueReference().Replace(line, m => Scalar(Lookup(values, m.Groups["path"].Value)))).Append('\n');
        }
        return StripActions(output.ToString());
    }

    /// <summary><see cref="SubstituteValues"/> after dropping the branches of value-only `if` blocks that Helm would
    /// not render; blocks with other conditions (`with`, `range`, `include`…) keep their contents, as before.</summary>
    public static string Render(string template, JsonObject values)
    {
        var kept = new StringBuilder();
        var frames = new Stack<Frame>();
        foreach (var line in template.Split('\n'))
        {
            if (!ActionOnlyLine().IsMatch(line))
            {
                if (frames.All(f => f.Active))
                {
                    kept.Append(line).Append('\n');
                }
                continue;
            }
            var control = false;
            foreach (Match action in Action().Matches(line))
            {
                var body = action.Value.Trim('{', '}').Trim('-').Trim();
                control |= Control(body, values, frames);
            }
            if (!control && frames.All(f => f.Active))
            {
                kept.Append(line).Append('\n');
            }
        }
        return SubstituteValues(kept.ToString(), values);
    }

    private sealed record Frame(bool Active, bool Taken);

    /// <summary>Applies one action to the block stack; true when it was a control action.</summary>
    private static bool Control(string body, JsonObject values, Stack<Frame> frames)
    {
        var word = body.Split(' ', 2)[0];
        switch (word)
        {
            case "if":
                var condition = Condition(body[3..], values);
                // An opaque condition keeps its contents (Taken false: its else keeps its contents too).
                frames.Push(condition is { } c ? new Frame(c, c) : new Frame(true, false));
                return true;
            case "with" or "range" or "define" or "block":
                frames.Push(new Frame(true, false));
                return true;
            case "else":
                var top = frames.Pop();
                var rest = body.Length > 5 && body[5..].StartsWith("if ", StringComparison.Ordinal) ? Condition(body[8..], values) : true;
                var active = !top.Taken && (rest ?? true);
                frames.Push(new Frame(active, top.Taken || (active && rest is not null)));
                return true;
            case "end":
                frames.Pop();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The truth of a value-only condition as Helm sees it; null when the condition reads anything else.</summary>
    private static bool? Condition(string expression, JsonObject values)
    {
        var parts = expression.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool? Operand(string part) => part.StartsWith(".Values.", StringComparison.Ordinal) ? Truthy(Lookup(values, part[8..])) : null;
        switch (parts)
        {
            case [var single]:
                return Operand(single);
            case ["not", var single]:
                return !Operand(single);
            case ["and" or "or", ..]:
                var operands = parts[1..].Select(Operand).ToList();
                if (operands.Any(o => o is null))
                {
                    return null;
                }
                return parts[0] == "and" ? operands.All(o => o == true) : operands.Any(o => o == true);
            default:
                return null;
        }
    }

    /// <summary>Go template truth: false, 0, "", empty lists and maps, and missing values are false.</summary>
    private static bool Truthy(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject obj => obj.Count > 0,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length > 0,
        JsonValue value => value.GetValue<double>() != 0,
        _ => true,
    };

    private static JsonNode? Lookup(JsonObject values, string dottedPath)
    {
        JsonNode? node = values;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node?[part];
        }
        return node;
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    // JSON is YAML, but block style keeps the rendered text close to what Helm's toYaml prints.
    private static string ToYaml(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }
        var plain = ToPlain(node);
        return new SerializerBuilder().Build().Serialize(plain);
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(kv => kv.Key, kv => ToPlain(kv.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<long>(out var integer) => integer,
        JsonValue value => value.GetValue<double>(),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    [GeneratedRegex(@"^\s*(\{\{.*?\}\}\s*)+$")]
    private static partial Regex ActionOnlyLine();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex Action();

    [GeneratedRegex(@"^\s*\{\{-?\s*toYaml\s+\.Values\.(?<path>[A-Za-z0-9_.]+)\s*\|\s*nindent\s+(?<indent>\d+)\s*-?\}\}\s*$")]
    private static partial Regex ToYamlBlock();

    [GeneratedRegex(@"\{\{-?\s*(required\s+""[^""]*""\s+)?\.Values\.(?<path>[A-Za-z0-9_.]+)\s*-?\}\}")]
    private static partial Regex ValueReference();
}

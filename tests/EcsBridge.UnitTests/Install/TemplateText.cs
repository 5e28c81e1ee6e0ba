using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace EcsBridge.UnitTests.Install;

/// <summary>Static views of a Helm template without a helm binary. <see cref="StripActions"/> leaves the literal
/// YAML; <see cref="SubstituteValues"/> first fills in the plain `.Values` references and `toYaml .Values.x | nindent n`
/// blocks from values.yaml, so the literal YAML can be checked with the chart's defaults in place. Control flow is
/// not evaluated: every branch stays in, which is enough for structural checks.</summary>
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

    [GeneratedRegex(@"\{\{-?\s*\.Values\.(?<path>[A-Za-z0-9_.]+)\s*-?\}\}")]
    private static partial Regex ValueReference();
}

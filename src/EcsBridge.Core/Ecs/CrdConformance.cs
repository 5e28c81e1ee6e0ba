using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsBridge.Api;
using EcsBridge.Api.Crds;

namespace EcsBridge.Core.Ecs;

/// <summary>Holds what convert prints to the generated CRD's own schema, so every object it prints applies: a 0 where
/// the schema's minimum is higher is read as absent (exports write 0 for an unset number: `interval: 0`, which Docker
/// also reads as its default); anything else outside the schema (a minimum, maximum, enum, pattern, length or
/// required field) is an error that names the field.</summary>
internal static class CrdConformance
{
    private static readonly Lazy<Dictionary<string, JsonObject>> Schemas = new(() => CrdGenerator.GenerateAll().ToDictionary(
        crd => crd.Definition["spec"]!["names"]!["kind"]!.GetValue<string>(),
        crd => crd.Definition["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject(),
        StringComparer.Ordinal));

    /// <summary>The object, with the zeros removed when there were any; problems go to <paramref name="errors"/>.</summary>
    public static object Apply(object resource, ICollection<Diagnostic> diagnostics, ICollection<string> errors)
    {
        var json = EcsConverter.ToJson(resource);
        var kind = json["kind"]!.GetValue<string>();
        var reference = EcsConverter.Reference(kind, json["metadata"]?["name"]?.GetValue<string>() ?? "");
        var problems = new List<string>();
        var changed = Walk(json["spec"], Schemas.Value[kind]["properties"]!["spec"]!.AsObject(), reference + ".spec", diagnostics, problems);
        foreach (var problem in problems)
        {
            errors.Add(problem);
        }
        if (!changed || problems.Count > 0)
        {
            return resource;
        }
        return resource switch
        {
            EcsTaskDefinition => json.Deserialize(ApiJsonContext.Default.EcsTaskDefinition)!,
            _ => json.Deserialize(ApiJsonContext.Default.EcsService)!,
        };
    }

    /// <summary>Checks <paramref name="node"/> against <paramref name="schema"/>; true when a zero was removed.</summary>
    private static bool Walk(JsonNode? node, JsonObject schema, string path, ICollection<Diagnostic> diagnostics, List<string> problems)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (key, value) in obj.ToList())
                {
                    if (properties[key] is not JsonObject child)
                    {
                        continue;
                    }
                    if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.ToJsonString() == "0"
                        && child["minimum"] is JsonValue minimum && Number(minimum) > 0)
                    {
                        obj.Remove(key);
                        changed = true;
                        diagnostics.Add(Diagnostic.Note($"{path}.{key}", $"0 is below the least value {minimum.ToJsonString()}; read as absent (exports write 0 for an unset number)"));
                        continue;
                    }
                    if (Walk(value, child, $"{path}.{key}", diagnostics, problems))
                    {
                        changed = true;
                        // `ephemeralStorage: {sizeInGiB: 0}` leaves nothing: the whole object was unset.
                        if (value is JsonObject { Count: 0 })
                        {
                            obj.Remove(key);
                            diagnostics.Add(Diagnostic.Note($"{path}.{key}", "nothing is left once its zeros are read as absent; read as absent"));
                        }
                    }
                }
                if (obj.Count == 0 && changed)
                {
                    // The parent removes it; its required fields do not matter then.
                    break;
                }
                foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).Where(r => !obj.ContainsKey(r)))
                {
                    problems.Add($"{path}.{required}: required, but missing");
                }
                break;
            case JsonObject map when schema["additionalProperties"] is JsonObject values:
                foreach (var (key, value) in map.ToList())
                {
                    changed |= Walk(value, values, $"{path}.{key}", diagnostics, problems);
                }
                break;
            case JsonArray array:
                CheckCount(array.Count, schema, "minItems", "maxItems", "items", path, problems);
                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        changed |= Walk(array[i], items, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", diagnostics, problems);
                    }
                }
                break;
            case JsonValue value:
                CheckValue(value, schema, path, problems);
                break;
        }
        return changed;
    }

    private static void CheckValue(JsonValue value, JsonObject schema, string path, List<string> problems)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"{path}: {value.ToJsonString()} is not one of {string.Join(", ", allowed.Select(a => a!.ToJsonString()))}");
        }
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = Number(value);
            if (schema["minimum"] is JsonValue minimum && number < Number(minimum))
            {
                problems.Add($"{path}: {value.ToJsonString()} is below the least value the CRD accepts, {minimum.ToJsonString()}");
            }
            if (schema["maximum"] is JsonValue maximum && number > Number(maximum))
            {
                problems.Add($"{path}: {value.ToJsonString()} is above the greatest value the CRD accepts, {maximum.ToJsonString()}");
            }
        }
        else if (value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            CheckCount(text.Length, schema, "minLength", "maxLength", "characters", path, problems);
            if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                problems.Add($"{path}: \"{text}\" does not match {pattern.GetValue<string>()}");
            }
        }
    }

    /// <summary>Any JSON number (the nodes hold int, long or double) as a double.</summary>
    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void CheckCount(int count, JsonObject schema, string min, string max, string unit, string path, List<string> problems)
    {
        if (schema[min] is JsonValue least && count < Number(least))
        {
            problems.Add($"{path}: {count.ToString(CultureInfo.InvariantCulture)} {unit}, fewer than the {least.ToJsonString()} the CRD requires");
        }
        if (schema[max] is JsonValue most && count > Number(most))
        {
            problems.Add($"{path}: {count.ToString(CultureInfo.InvariantCulture)} {unit}, more than the {most.ToJsonString()} the CRD accepts");
        }
    }
}

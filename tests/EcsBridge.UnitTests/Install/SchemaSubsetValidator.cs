using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EcsBridge.UnitTests.Install;

/// <summary>Validates a JSON value against the draft-07 subset that charts/ecsbridge/values.schema.json uses
/// (no JSON-schema package restores from the project's feed). A schema keyword outside the subset is an error,
/// so the schema cannot silently rely on a rule this validator ignores.</summary>
internal sealed class SchemaSubsetValidator(JsonObject schema)
{
    private static readonly HashSet<string> AnnotationKeywords = ["$schema", "$id", "title", "description", "default", "examples"];

    private static readonly HashSet<string> CheckedKeywords =
        ["type", "properties", "required", "additionalProperties", "enum", "minimum", "maximum", "minLength", "maxLength", "items", "pattern"];

    /// <summary>Every violation, each as "path: problem"; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        foreach (var keyword in schema.Select(kv => kv.Key))
        {
            if (!AnnotationKeywords.Contains(keyword) && !CheckedKeywords.Contains(keyword))
            {
                throw new NotSupportedException($"schema keyword '{keyword}' at {path} is outside the supported subset");
            }
        }

        if (schema["type"] is { } type && !TypeMatches(type, value))
        {
            errors.Add($"{path}: expected {type.ToJsonString()}, got {KindOf(value)}");
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {Describe(value)} is not one of {allowed.ToJsonString()}");
        }
        switch (value)
        {
            case JsonObject obj:
                CheckObject(schema, obj, path, errors);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(items, array[i], $"{path}[{i}]", errors);
                }
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                CheckString(schema, scalar.GetValue<string>(), path, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number:
                CheckNumber(schema, AsDouble(scalar), path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject schema, JsonObject obj, string path, List<string> errors)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()).Where(n => !obj.ContainsKey(n)))
            {
                errors.Add($"{path}: required property '{name}' is missing");
            }
        }
        foreach (var (name, child) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject propertySchema)
            {
                Check(propertySchema, child, childPath, errors);
            }
            else if (schema["additionalProperties"] is JsonObject additionalSchema)
            {
                Check(additionalSchema, child, childPath, errors);
            }
            else if (schema["additionalProperties"] is JsonValue flag && !flag.GetValue<bool>())
            {
                errors.Add($"{childPath}: property is not allowed");
            }
        }
    }

    private static void CheckString(JsonObject schema, string text, string path, List<string> errors)
    {
        if (schema["minLength"] is JsonValue min && text.Length < min.GetValue<int>())
        {
            errors.Add($"{path}: shorter than {min.GetValue<int>()} characters");
        }
        if (schema["maxLength"] is JsonValue max && text.Length > max.GetValue<int>())
        {
            errors.Add($"{path}: longer than {max.GetValue<int>()} characters");
        }
        // JSON Schema patterns are ECMA-262 and unanchored; .NET's ECMAScript option matches that dialect.
        if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.ECMAScript))
        {
            errors.Add($"{path}: \"{text}\" does not match {pattern.GetValue<string>()}");
        }
    }

    private static void CheckNumber(JsonObject schema, double number, string path, List<string> errors)
    {
        if (schema["minimum"] is JsonValue min && number < min.GetValue<double>())
        {
            errors.Add($"{path}: {number} is below the minimum {min.GetValue<double>()}");
        }
        if (schema["maximum"] is JsonValue max && number > max.GetValue<double>())
        {
            errors.Add($"{path}: {number} is above the maximum {max.GetValue<double>()}");
        }
    }

    private static bool TypeMatches(JsonNode type, JsonNode? value) => type switch
    {
        JsonArray any => any.Any(t => IsOfType(t!.GetValue<string>(), value)),
        _ => IsOfType(type.GetValue<string>(), value),
    };

    private static bool IsOfType(string type, JsonNode? value) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Math.Floor(AsDouble(v)) == AsDouble(v),
        _ => throw new NotSupportedException($"schema type '{type}' is not a draft-07 type"),
    };

    // Values built from YAML hold long or double; values parsed from JSON hold a JsonElement. Text reads both.
    private static double AsDouble(JsonValue value) =>
        double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string KindOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "unknown",
    };

    private static string Describe(JsonNode? value) => value?.ToJsonString() ?? "null";
}
